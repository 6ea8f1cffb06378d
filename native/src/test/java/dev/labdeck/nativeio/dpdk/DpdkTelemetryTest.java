package dev.labdeck.nativeio.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.nativeio.ProcessSignals;
import dev.labdeck.nativeio.Signal;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads telemetry from a real dpdk-testpmd (no hugepages, a null PMD port sending packets). */
class DpdkTelemetryTest {
    private final String prefix = "ldtel" + ProcessHandle.current().pid();
    private Process testpmd;

    @BeforeEach
    void startTestpmd() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("dpdk-testpmd", "dpdk");
        Prerequisites.requireCommand("setsid", "util-linux");
        // stdin stays a pipe we hold open: testpmd exits when it reads EOF
        testpmd = new ProcessBuilder("setsid", "dpdk-testpmd", "-l", "0,1", "--no-huge", "-m", "256", "--no-pci",
                "--file-prefix", prefix, "--vdev=net_null0",
                "--", "--total-num-mbufs=2048", "--forward-mode=txonly", "--auto-start")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Eventually.await("testpmd's telemetry to come up with traffic", Duration.ofSeconds(20),
                () -> !testpmd.isAlive() || sending(prefix));
        assertTrue(testpmd.isAlive(), () -> "testpmd exited with " + testpmd.exitValue());
    }

    private static boolean sending(String prefix) {
        if (DpdkRuntime.find(prefix).isEmpty()) {
            return false;
        }
        try (DpdkTelemetry t = DpdkTelemetry.connect(prefix)) {
            return !t.ports().isEmpty() && t.stats(0).txPackets() > 0;
        } catch (DpdkTelemetryException notYet) {
            return false; // the socket exists a moment before it accepts
        }
    }

    @AfterEach
    void stopTestpmd() throws Exception {
        if (testpmd != null) {
            ProcessSignals.signalGroup(testpmd.pid(), Signal.KILL);
            testpmd.waitFor();
        }
        var dir = DpdkRuntime.runtimeDirectory(prefix);
        if (Files.exists(dir)) {
            try (Stream<java.nio.file.Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void findsTheProcessAndReadsItsPortCountersAndLink() throws Exception {
        List<DpdkProcess> all = DpdkRuntime.discover();
        assertTrue(all.stream().anyMatch(p -> p.filePrefix().equals(prefix)), "discovered: " + all);
        try (DpdkTelemetry t = DpdkTelemetry.connect(prefix)) {
            assertTrue(t.version().startsWith("DPDK "), t.version());
            assertEquals(testpmd.pid(), t.pid());
            assertEquals(List.of(0), t.ports());
            DpdkPortStats first = t.stats(0);
            assertTrue(first.txPackets() > 0, first.toString()); // the null PMD counts no bytes
            Eventually.value("the tx counter to grow", Duration.ofSeconds(5), () -> t.stats(0),
                    s -> s.txPackets() > first.txPackets());
            assertTrue(t.linkStatus(0).up());
            Map<String, Long> x = t.xstats(0);
            assertTrue(x.get("tx_good_packets") > 0, x.toString());
            DpdkTelemetryException e = assertThrows(DpdkTelemetryException.class, () -> t.stats(7));
            assertTrue(e.getMessage().contains("no such port"), e.getMessage());
        }
    }
}
