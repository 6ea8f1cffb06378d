package dev.labdeck.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.lab.LabFixture;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code labdeck demo} as a new user runs it: a passed summary and where the results are. */
class DemoCommandTest {
    @TempDir
    Path tmp;
    @RegisterExtension
    final LabdeckTerminal terminal = new LabdeckTerminal();

    private void requireAgentJar() {
        Path jar = Prerequisites.repoRoot().resolve("remote-agent/target/labdeck-agent.jar");
        Prerequisites.require(Files.isRegularFile(jar), "agent jar " + jar + " not built (run ./mvnw package -DskipTests)");
    }

    @Test
    void runsTheLabProfileOnALabThatIsUpAndEndsWithAPassedSummary() {
        requireAgentJar();
        try (LabFixture lab = LabFixture.up("ld1")) {
            Path results = tmp.resolve("demo");
            int exit = terminal.labdeck("demo", "--lab", lab.name(), "--out", results.toString()).exit();
            String printed = terminal.out();
            assertEquals(LabDeckCli.EXIT_OK, exit, terminal.printed());
            assertTrue(printed.contains("lab " + lab.name() + " was already up"), printed);
            assertTrue(printed.contains("labdeck run profiles/lab-in-a-box-udp.yaml"), printed);
            assertTrue(printed.contains("PASSED  lab-in-a-box-udp"), printed);
            assertTrue(printed.contains("results: " + results.toAbsolutePath()), printed);
            assertTrue(Files.isRegularFile(results.resolve("summary.json")));
        }
    }

    @Test
    void withoutTheLabItRunsTheLoopbackProfile() {
        requireAgentJar();
        Path results = tmp.resolve("loop");
        int exit = terminal.labdeck("demo", "--loopback", "--out", results.toString()).exit();
        String printed = terminal.out();
        assertEquals(LabDeckCli.EXIT_OK, exit, terminal.printed());
        assertTrue(printed.contains("running the loopback test"), printed);
        assertTrue(printed.contains("PASSED  local-loopback"), printed);
        assertTrue(Files.isRegularFile(results.resolve("summary.json")));
    }
}
