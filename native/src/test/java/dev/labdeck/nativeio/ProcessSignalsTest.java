package dev.labdeck.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessSignalsTest {

    @Test
    void killsAWholeProcessGroupIncludingGrandchildren() throws Exception {
        Prerequisites.requireLinux();
        Prerequisites.requireCommand("setsid", "util-linux");
        // a shell in its own group that leaves a background child behind
        Process p = new ProcessBuilder("setsid", "sh", "-c", "sleep 300 & sleep 300").start();
        long pgid = p.pid();
        Eventually.await("the child to lead its own group with 2 children", Duration.ofSeconds(5),
                () -> ProcessSignals.processGroup(p.pid()) == pgid && p.descendants().count() >= 2);
        assertTrue(ProcessSignals.groupAlive(pgid));
        assertTrue(ProcessSignals.signalGroup(pgid, Signal.KILL));
        p.waitFor();
        assertEquals(128 + 9, p.exitValue());
        Eventually.await("group " + pgid + " to have no processes", Duration.ofSeconds(5), () -> !ProcessSignals.groupAlive(pgid));
        assertFalse(ProcessSignals.signalGroup(pgid, Signal.TERM), "an empty group reports ESRCH as false");
    }

    @Test
    void parsesSignalNames() {
        assertEquals(Signal.TERM, Signal.parse("SIGTERM"));
        assertEquals(Signal.INT, Signal.parse("int"));
        assertEquals(Signal.KILL, Signal.parse("9"));
        assertEquals("KILL", Signal.nameOf(9));
    }
}
