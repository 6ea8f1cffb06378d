package dev.labdeck.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** -v and --debug on every command, and a run's own log file in its directory. */
class VerbosityTest {
    @TempDir
    Path tmp;
    @RegisterExtension
    final LabdeckTerminal terminal = new LabdeckTerminal();

    @Test
    void everyCommandTakesVerboseAndDebug() {
        String profile = Prerequisites.repoRoot().resolve("profiles/local-loopback.yaml").toString();
        for (List<String> args : List.of(List.of("validate", "-v", profile), List.of("--debug", "validate", profile),
                List.of("run", "--dry-run", "--verbose", profile), List.of("lab", "status", "--debug", "--name", "nosuchlab"),
                List.of("clean", "-v", "--help"))) {
            int code = terminal.labdeck(args.toArray(String[]::new)).exit();
            assertTrue(code != LabDeckCli.EXIT_INVALID_INPUT || args.contains("status"), args + " -> " + code + ": " + terminal.err());
            assertTrue(!terminal.err().contains("Unknown option"), args + ": " + terminal.err());
        }
    }

    @Test
    void aRunKeepsItsOwnLogInItsDirectory() throws Exception {
        Prerequisites.require(Files.isRegularFile(Prerequisites.repoRoot().resolve("remote-agent/target/labdeck-agent.jar")),
                "the agent jar is not built");
        List<Integer> ports = dev.labdeck.controller.engine.LoopbackRuns.freeUdpPorts(4);
        String yaml = Files.readString(Prerequisites.repoRoot().resolve("profiles/local-loopback.yaml"))
                .replace("ports: [12345, 12346, 12347, 12348]", "ports: " + ports)
                .replace("duration: 10s", "duration: 2s");
        Path profile = tmp.resolve("short.yaml");
        Files.writeString(profile, yaml);
        Path dir = tmp.resolve("run");
        assertEquals(0, terminal.labdeck("run", "-v", profile.toString(), "--out", dir.toString()).exit(), terminal::printed);
        Path log = dir.resolve(LogLevels.RUN_LOG);
        assertTrue(Files.isRegularFile(log), "no " + log);
        String text = Files.readString(log);
        assertTrue(text.contains("agent") && text.contains("INFO"), text);
    }
}
