package dev.labdeck.controller.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labdeck.testkit.Prerequisites;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The deployment scripts as an SSH host's sh sees them: valid sh, and arguments that arrive intact. */
class PosixScriptTest {
    private static final List<PosixScript> ALL = List.of(PosixScript.PROBE, PosixScript.AGENT_DIR, PosixScript.BUNDLE_LOOKUP,
            PosixScript.BUNDLE_UNPACK, PosixScript.AGENT_START, PosixScript.AGENT_STOP);

    @Test
    void everyScriptIsValidPosixSh() throws Exception {
        Prerequisites.requireCommand("dash", "dash");
        for (PosixScript script : ALL) {
            Process p = new ProcessBuilder("dash", "-n").redirectErrorStream(true).start();
            p.getOutputStream().write(script.text().getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            assertEquals(0, p.exitValue(), script.name() + ": " + out);
        }
    }

    @Test
    void argumentsReachTheScriptAsTheyWere() throws Exception {
        PosixScript echo = new PosixScript("echo.sh", "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done");
        List<String> args = List.of("it's", "two words", "$HOME", "a;b", "");
        Process p = new ProcessBuilder("sh", "-c", echo.command(args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        assertEquals("[it's]\n[two words]\n[$HOME]\n[a;b]\n[]\n", out);
    }
}
