package dev.labdeck.controller.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.lab.LabFixture;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.protocol.TrafficEngine;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generator benchmark in a real lab, one short round: every sender is measured by the
 * kernel, and what LabDeck's engine and trafgen claim equals what src's tx counter and the XDP
 * program on dst counted. Speed is not asserted here (that is the benchmark's job, not a test's).
 */
class GeneratorBenchTest {

    @Test
    void everySenderIsCountedByTheKernelAndClaimsMatchTheCounters() throws Exception {
        Path agentJar = TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot()).agentJar();
        Prerequisites.require(Files.isRegularFile(agentJar), "agent jar " + agentJar + " not built (run ./mvnw package -DskipTests)");
        Prerequisites.requireCommand("trafgen", "netsniff-ng");
        Prerequisites.requireCommand("iperf3", "iperf3");
        List<String> progress = new ArrayList<>();
        try (LabFixture lab = LabFixture.up("bench")) {
            GeneratorBench.Result r = new GeneratorBench(agentJar, progress::add)
                    .run(lab.state(), new GeneratorBench.Settings(1, Duration.ofSeconds(1), 24),
                            List.of(TrafficEngine.PACKET_RING, TrafficEngine.SOCKET));

            List<String> senders = List.of("labdeck packet-ring", "labdeck socket sendmmsg", "labdeck socket write", "trafgen", "iperf3");
            assertEquals(senders, r.measurements().stream().map(GeneratorBench.Measurement::sender)
                    .sorted(java.util.Comparator.comparingInt(senders::indexOf)).toList(), "one measurement per sender: " + r.skipped());
            for (GeneratorBench.Measurement m : r.measurements()) {
                assertTrue(m.windowPackets() > 0, m.sender() + " sent no packet in its window");
                assertTrue(m.cpuSeconds() > 0, m.sender() + " used no CPU time in its window");
                assertTrue(m.srcTxPackets() >= m.windowPackets(), m.sender() + ": src tx over its run below its window's");
            }
            for (String sender : senders.subList(0, 3)) {
                GeneratorBench.Measurement labdeck = measurement(r, sender);
                assertEquals(labdeck.srcTxPackets(), labdeck.claimed(), sender + ": LabDeck's claim = src data0 tx");
                assertEquals(labdeck.claimed(), labdeck.dstPackets(), sender + ": dst's XDP program counted every packet LabDeck claims");
            }
            GeneratorBench.Measurement trafgen = measurement(r, "trafgen");
            assertEquals(trafgen.srcTxPackets(), trafgen.claimed(), "trafgen's own count = src data0 tx");

            GeneratorBench.Summary t = r.summaries().stream().filter(s -> s.sender().equals("trafgen")).findFirst().orElseThrow();
            assertEquals(1.0, t.perCpuVsTrafgen(), 1e-9);
            String md = BenchReport.markdown(r);
            for (String row : List.of("| labdeck packet-ring |", "| labdeck socket sendmmsg |", "| labdeck socket write |", "| trafgen |", "| iperf3 |", BenchReport.machine())) {
                assertTrue(md.contains(row), "markdown lacks " + row + ":\n" + md);
            }
            assertTrue(BenchReport.text(r).contains("= kernel counts"), BenchReport.text(r));
        }
    }

    private static GeneratorBench.Measurement measurement(GeneratorBench.Result r, String sender) {
        return r.measurements().stream().filter(m -> m.sender().equals(sender)).findFirst().orElseThrow();
    }
}
