package dev.labdeck.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate} warns when a profile binds its agents beyond loopback, and stays quiet otherwise. */
class ValidateExposureTest {

    @Test
    void anAgentBoundBeyondLoopbackIsAWarningNotAnError(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("exposed.yaml");
        Files.writeString(f, """
                name: exposed
                agent:
                  bind: 0.0.0.0
                hosts:
                  a:
                    transport: local
                """);
        LabdeckTerminal.Printed r = LabdeckTerminal.run("validate", f.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().startsWith(f + ": warning: agent.bind is 0.0.0.0: every agent listens beyond loopback"), r.err());

        Files.writeString(f, Files.readString(f).replace("0.0.0.0", "127.0.0.1"));
        LabdeckTerminal.Printed quiet = LabdeckTerminal.run("validate", f.toString());
        assertEquals("", quiet.err());
    }
}
