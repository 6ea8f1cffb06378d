package dev.labdeck.controller.cli;

import static dev.labdeck.controller.cli.LabdeckTerminal.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.cli.LabdeckTerminal.Printed;
import dev.labdeck.testkit.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    static final Path PROFILES = Prerequisites.repoRoot().resolve("profiles");

    @Test
    void validLoopbackProfilePrintsOneSummaryLineAndExitsZero() {
        Path f = PROFILES.resolve("local-loopback.yaml");
        Printed r = run("validate", f.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(f + ": valid: 'local-loopback' (LabDeck form), 1 host, 4 flows, 10000 pps, 64-byte packets, 10 s\n",
                r.out());
        assertEquals("", r.err());
    }

    @Test
    void acceptsTheSeedConfigAsWritten() {
        Path f = PROFILES.resolve("seed-config.yaml");
        Printed r = run("validate", f.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(f + ": valid: 'seed-config' (seed config.yaml form), 2 hosts, 4 flows, 10000 pps,"
                + " 1500-byte packets, 60 s, XDP on 1 interface\n", r.out());
    }

    @Test
    void brokenProfilePrintsOneLinePerProblemAndExitsTwo(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("broken.yaml");
        Files.writeString(f, """
                name: broken
                hosts:
                  a:
                    transport: local
                traffic:
                  rate_pps: 0
                  duraton: 5s
                """);
        Printed r = run("validate", f.toString());
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertEquals(f + ":6:13: traffic.rate_pps must be above zero packets per second, got 0\n"
                + f + ":7:3: unknown key 'duraton' in traffic (did you mean 'duration'?)\n", r.err());
    }

    @Test
    void aRateAboveTheAgentsLimitIsRefusedBeforeAnyRun(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("too-fast.yaml");
        Files.writeString(f, """
                name: too-fast
                hosts:
                  a:
                    transport: local
                traffic:
                  rate_pps: 100000000000
                """);
        Printed r = run("validate", f.toString());
        assertEquals(2, r.exit());
        assertEquals(f + ":6:13: traffic.rate_pps must be at most " + dev.labdeck.protocol.AgentLimits.MAX_PPS
                + " packets per second (the most one agent's traffic source sends), got 100000000000\n", r.err());
    }

    @Test
    void missingFileIsAProblemNotAStackTrace(@TempDir Path dir) {
        Path f = dir.resolve("nope.yaml");
        Printed r = run("validate", f.toString());
        assertEquals(2, r.exit());
        assertEquals(f + ":1:1: cannot read the profile: no such file\n", r.err());
    }

    @Test
    void severalFilesReportEachAndFailIfAnyIsInvalid(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "\n# nothing here\n");
        Path good = PROFILES.resolve("local-loopback.yaml");
        Printed r = run("validate", good.toString(), empty.toString());
        assertEquals(2, r.exit());
        assertTrue(r.out().startsWith(good + ": valid: "), r.out());
        assertEquals(empty + ":1:1: the profile is empty: expected a YAML mapping of profile keys\n", r.err());
    }

    @Test
    void helpDescribesTheCommandAndItsExitCodes() {
        Printed r = run("validate", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Usage: labdeck validate"), r.out());
        assertTrue(r.out().contains("FILE:LINE:COLUMN"), r.out());
        assertTrue(r.out().contains("2   a profile is invalid or unreadable"), r.out());
    }

    @Test
    void noFileIsInvalidInput() {
        Printed r = run("validate");
        assertEquals(2, r.exit());
        assertFalse(r.err().isEmpty());
    }
}
