package dev.labdeck.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.results.CpuSummary;
import dev.labdeck.controller.results.FlowSummary;
import dev.labdeck.controller.results.HostSummary;
import dev.labdeck.controller.results.RunStatus;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.SummaryJson;
import dev.labdeck.controller.results.TrafficSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {

    /** A finished run directory: summary.json with these figures and the profile.yaml it ran. */
    static Path run(Path root, String name, long rate, double rxPps, long lost, double cpu, String kernel) throws Exception {
        Path dir = Files.createDirectories(root.resolve(name));
        long tx = 100_000;
        TrafficSummary t = new TrafficSummary(tx, tx - lost, lost, rate, rxPps, lost * 100.0 / tx, tx * 64, (tx - lost) * 64,
                0, 0, 1_700_000_000_000L, 1_700_000_010_000L, List.of(new FlowSummary(0, 12345, tx, tx - lost, lost, lost * 100.0 / tx, 0, 0)));
        SummaryJson.write(new RunSummary(RunStatus.PASSED, "lab-udp", name, "2026-11-26T09:00:00Z", "2026-11-26T09:00:12Z",
                dir.toString(), Map.of("dst", new HostSummary("0.1.0", 1, "dst", "Linux", kernel, 2, "ssh")), t, List.of(),
                new CpuSummary("dst", Map.of("0", cpu, "1", cpu), cpu), null, Map.of()), dir);
        Files.writeString(dir.resolve("profile.yaml"), "name: lab-udp\ntraffic:\n  source: src\n  sink: dst\n  rate_pps: " + rate
                + "\n  packet_size: 64\n  ports: [12345]\n");
        return dir;
    }

    @Test
    void aDropBeyondTheToleranceExitsOneAndNamesTheFigure(@TempDir Path root) throws Exception {
        Path a = run(root, "a", 10_000, 10_000, 0, 20, "6.1");
        Path b = run(root, "b", 10_000, 9_000, 0, 20, "6.1");
        LabdeckTerminal.Printed r = LabdeckTerminal.run("compare", a.toString(), b.toString(), "--fail-if", "traffic.rx_pps < -5%");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("REGRESSION traffic.rx_pps < -5%: B: traffic.rx_pps changed -10.00 % (10000 → 9000)"), r.err());
        assertTrue(r.out().matches("(?s).*traffic\\.rx_pps\\s+10,000\\s+9,000\\s+-10\\.00 %\\s+worse.*"), r.out());
    }

    @Test
    void aDropWithinTheToleranceExitsZero(@TempDir Path root) throws Exception {
        Path a = run(root, "a", 10_000, 10_000, 0, 20, "6.1");
        Path b = run(root, "b", 10_000, 9_700, 0, 20, "6.1");
        LabdeckTerminal.Printed r = LabdeckTerminal.run("compare", a.toString(), b.toString(), "--fail-if", "traffic.rx_pps < -5%");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("ok     traffic.rx_pps < -5%"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void absoluteRulesAndEveryLaterRunAgainstTheFirst(@TempDir Path root) throws Exception {
        Path a = run(root, "a", 10_000, 10_000, 0, 20, "6.1");
        Path b = run(root, "b", 10_000, 10_000, 50, 20, "6.1");    // loss 0.05 %: within 0.1 points
        Path c = run(root, "c", 10_000, 10_000, 500, 20, "6.1");   // loss 0.5 %: beyond
        LabdeckTerminal.Printed r = LabdeckTerminal.run("compare", a.toString(), b.toString(), c.toString(),
                "--fail-if", "traffic.loss_percent > 0.1");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("C: traffic.loss_percent changed +0.5"), r.err());
        assertFalse(r.err().contains("B: "), "B is within the tolerance: " + r.err());
        // loss up is worse, CPU the same
        assertTrue(r.out().matches("(?s).*traffic\\.lost_packets\\s+0\\s+50\\s+\\+∞ %\\s+worse.*"), r.out());
    }

    @Test
    void showsSettingsThatDifferAndWhichWayIsBetter(@TempDir Path root) throws Exception {
        Path a = run(root, "a", 10_000, 10_000, 10, 40, "6.1");
        Path b = run(root, "b", 20_000, 19_990, 10, 30, "6.8");
        LabdeckTerminal.Printed r = LabdeckTerminal.run("compare", a.toString(), b.toString(), "--html",
                root.resolve("out/compare.html").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("(?s).*traffic\\.rate_pps\\s+10000\\s+20000.*"), r.out());
        assertTrue(r.out().matches("(?s).*host\\.dst\\.kernel\\s+6\\.1\\s+6\\.8.*"), r.out());
        assertTrue(r.out().matches("(?s).*dst_cpu\\.mean\\s+40\\s+30\\s+-25\\.00 %\\s+better.*"), r.out());
        assertTrue(r.out().matches("(?s).*traffic\\.rx_pps\\s+10,000\\s+19,990\\s+\\+99\\.90 %\\s+better.*"), r.out());
        assertFalse(r.out().contains("started_ms"), "clock times are not figures");
        String html = Files.readString(root.resolve("out/compare.html"));
        assertTrue(html.contains("<td>traffic.rate_pps</td><td>10000</td><td>20000</td>"), html);
        assertTrue(html.contains("+99.90 %"));
        assertFalse(html.contains("<script") || html.contains("http://") || html.contains("https://"), "self-contained");
    }

    @Test
    void aFigureMissingFromOneRunBreaksItsRule(@TempDir Path root) throws Exception {
        Path a = run(root, "a", 10_000, 10_000, 0, 20, "6.1");
        Path b = run(root, "b", 10_000, 10_000, 0, 20, "6.1");
        LabdeckTerminal.Printed r = LabdeckTerminal.run("compare", a.toString(), b.toString(), "--fail-if", "xdp.packets < -1%");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("xdp.packets is not in either run"), r.err());
    }

    @Test
    void badRulesAndMissingRunsAreInvalidInput(@TempDir Path root) throws Exception {
        Path a = run(root, "a", 10_000, 10_000, 0, 20, "6.1");
        LabdeckTerminal.Printed bad = LabdeckTerminal.run("compare", a.toString(), a.toString(), "--fail-if", "rx_pps dropped");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("expected FIGURE OP CHANGE"), bad.err());
        LabdeckTerminal.Printed missing = LabdeckTerminal.run("compare", a.toString(), root.resolve("nope").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("nope: no such run directory"), missing.err());
        // a bare name is looked up under --runs
        LabdeckTerminal.Printed byName = LabdeckTerminal.run("compare", "--runs", root.toString(), "a", "a");
        assertEquals(0, byName.exit(), byName.err());
        assertTrue(byName.out().contains("settings: the same"), byName.out());
    }
}
