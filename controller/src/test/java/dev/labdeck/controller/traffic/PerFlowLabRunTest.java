package dev.labdeck.controller.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.engine.RunEngine;
import dev.labdeck.controller.lab.LabFixture;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.results.FlowSummary;
import dev.labdeck.controller.results.RunStatus;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.TrafficSummary;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.protocol.TrafficEngine;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Flows with their own share, packet size and payload, and IMIX, in the lab-in-a-box: the sink
 * counts each flow's packets and bytes as asked, and src's and dst's kernels count the same bytes
 * on the veth (each packet's payload plus 42 bytes of Ethernet, IPv4 and UDP headers).
 */
class PerFlowLabRunTest {
    /** Ethernet + IPv4 + UDP headers, as the kernel's byte counters count a UDP packet (no FCS). */
    static final int HEADERS = 42;
    private static LabFixture lab;

    @BeforeAll
    static void up() {
        lab = LabFixture.up("pf1");
    }

    @AfterAll
    static void down() {
        if (lab != null) lab.close();
    }

    private static RunSummary run(String trafficTail, Path runs) throws Exception {
        return run(trafficTail, runs, "64");
    }

    private static RunSummary run(String trafficTail, Path runs, String packetSize) throws Exception {
        String yaml = Files.readString(Prerequisites.repoRoot().resolve("profiles/lab-in-a-box-udp.yaml"))
                .replace("rate_pps: 10000", "rate_pps: 2000")
                .replace("packet_size: 64", "packet_size: " + packetSize)
                .replace("duration: 5s", "duration: 2s" + trafficTail);
        TransportOptions transport = TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot())
                .withConnectTimeout(Duration.ofSeconds(45));
        RunHandle run = RunEngine.start(lab.resolve(ProfileLoader.parse(yaml, "per-flow.yaml")),
                RunOptions.defaults().withRunsRoot(runs).withTransport(transport), null);
        RunSummary s = run.await(Duration.ofSeconds(150));
        assertEquals(RunStatus.PASSED, s.status(), s.error() + " " + s.thresholds() + "; see " + run.runDirectory());
        return s;
    }

    private static long[] bytes(String host, String direction) throws Exception {
        JsonNode s = ProtocolJson.mapper().readTree(lab.run(host, "ip", "-s", "-j", "link", "show", "dev", "data0"))
                .get(0).path("stats64").path(direction);
        return new long[] {s.path("packets").asLong(), s.path("bytes").asLong()};
    }

    /** The payload bytes of {@code packets} IMIX packets: 7 of 24, 4 of 524, 1 of 1472 in every 12. */
    static long imixBytes(long packets) {
        long sum = 0;
        for (long k = 0; k < packets; k++) {
            long i = k % 12;
            sum += i < 7 ? 24 : i < 11 ? 524 : 1472;
        }
        return sum;
    }

    private static void assertKernelCounted(TrafficSummary t, long[] srcBefore, long[] dstBefore) throws Exception {
        long[] src = bytes("src", "tx");
        long[] dst = bytes("dst", "rx");
        assertEquals(t.txPackets(), src[0] - srcBefore[0], "src data0 tx packets");
        assertEquals(t.txBytes() + HEADERS * t.txPackets(), src[1] - srcBefore[1], "src data0 tx bytes");
        assertEquals(t.rxPackets(), dst[0] - dstBefore[0], "dst data0 rx packets");
        assertEquals(t.rxBytes() + HEADERS * t.rxPackets(), dst[1] - dstBefore[1], "dst data0 rx bytes");
    }

    @ParameterizedTest(name = "engine {0}")
    @EnumSource(value = TrafficEngine.class, names = {"SOCKET", "XDP_LIVE"})
    void flowsKeepTheirSharesSizesAndImixByTheSinkAndTheKernel(TrafficEngine engine, @TempDir Path runs) throws Exception {
        long[] srcBefore = bytes("src", "tx");
        long[] dstBefore = bytes("dst", "rx");
        TrafficSummary t = run("""

                  engine: %s
                  per_flow:
                    - {share: 1, packet_size: 100, payload: "text:hello"}
                    - {share: 2, packet_size: 1000, src_port: 40123, payload: random}
                    - {share: 1, packet_size: imix, payload: "hex:c0ffee"}
                    - {share: 4}
                """.formatted(engine.word()), runs).traffic();

        assertEquals(engine, t.engine());
        List<FlowSummary> f = t.perFlow();
        // 2,000 pps for 2 s in shares 1:2:1:4
        assertEquals(List.of(500L, 1000L, 500L, 2000L), f.stream().map(FlowSummary::txPackets).toList());
        assertEquals(List.of(500L, 1000L, 500L, 2000L), f.stream().map(FlowSummary::rxPackets).toList(), "the sink got each flow's packets");
        assertEquals(List.of(500L * 100, 1000L * 1000, imixBytes(500), 2000L * 64), f.stream().map(FlowSummary::rxBytes).toList(),
                "the sink counted each flow's bytes at its size (the fourth takes packet_size 64)");
        assertEquals(f.stream().map(FlowSummary::rxBytes).toList(), f.stream().map(FlowSummary::txBytes).toList());
        assertEquals(0, t.payloadMismatches(), "every text, hex and zeros payload arrived as its pattern (IMIX's trimmed ones too)");
        assertKernelCounted(t, srcBefore, dstBefore);
    }

    @Test
    void aPacketWhosePayloadIsNotItsFlowsPatternIsCountedAndWarned(@TempDir Path runs) throws Exception {
        String dstAddress = ProtocolJson.mapper().readTree(lab.run("dst", "ip", "-j", "-4", "addr", "show", "dev", "data0"))
                .get(0).path("addr_info").get(0).path("local").asText();
        // flow 0's header (magic, flow 0, sequence 0, now) with "BAD!" where "text:hello" belongs, sent from src's namespace
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(28);
        b.putInt(dev.labdeck.protocol.PayloadFormat.MAGIC).putInt(0).putLong(0).putLong(System.currentTimeMillis() * 1_000_000L)
                .put("BAD!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        StringBuilder escaped = new StringBuilder();
        for (byte x : b.array()) escaped.append(String.format("\\x%02x", x & 0xff));
        java.util.concurrent.atomic.AtomicBoolean sent = new java.util.concurrent.atomic.AtomicBoolean();
        dev.labdeck.controller.run.RunListener corruptOne = new dev.labdeck.controller.run.RunListener() {
            @Override
            public void event(dev.labdeck.controller.run.RunEvent e) {
                if ("traffic.started".equals(e.kind()) && sent.compareAndSet(false, true)) {
                    lab.run("src", "bash", "-c", "printf '" + escaped + "' > /dev/udp/" + dstAddress + "/12345");
                }
            }
        };
        String yaml = Files.readString(Prerequisites.repoRoot().resolve("profiles/lab-in-a-box-udp.yaml"))
                .replace("rate_pps: 10000", "rate_pps: 2000")
                .replace("duration: 5s", """
                duration: 2s
                  engine: socket
                  per_flow:
                    - {payload: "text:hello"}
                    - {payload: "hex:c0ffee"}
                """.stripTrailing());
        TransportOptions transport = TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot())
                .withConnectTimeout(Duration.ofSeconds(45));
        RunHandle run = RunEngine.start(lab.resolve(ProfileLoader.parse(yaml, "corrupt.yaml")),
                RunOptions.defaults().withRunsRoot(runs).withTransport(transport), corruptOne);
        RunSummary s = run.await(Duration.ofSeconds(150));

        assertTrue(sent.get(), "the corrupted packet was sent while the source sent");
        assertEquals(RunStatus.PASSED, s.status(), s.error() + "; see " + run.runDirectory());
        TrafficSummary t = s.traffic();
        assertEquals(1, t.payloadMismatches(), "the one packet with BAD! where hello belongs");
        assertEquals(4_001, t.rxPackets(), "it arrived, besides the source's 4,000");
        JsonNode json = ProtocolJson.mapper().readTree(run.runDirectory().resolve("summary.json").toFile()).path("traffic");
        assertEquals(1, json.path("payload_mismatches").asLong(), json.toString());
        List<String> warnings = Files.readAllLines(run.runDirectory().resolve("events.jsonl")).stream()
                .filter(l -> l.contains("\"traffic.payload_mismatch\"")).toList();
        assertEquals(1, warnings.size(), "one warning event");
        assertTrue(warnings.getFirst().contains("1 of the 4,001 packets whose payload the sink checked differ from their flow's pattern")
                && warnings.getFirst().contains("\"warn\""), warnings.getFirst());
    }

    @Test
    void anImixFlowOnXdpLiveSendsTheMixCountedByBothKernels(@TempDir Path runs) throws Exception {
        long[] srcBefore = bytes("src", "tx");
        long[] dstBefore = bytes("dst", "rx");
        TrafficSummary t = run("""

                  engine: xdp-live
                """, runs, "imix").traffic();

        assertEquals(TrafficEngine.XDP_LIVE, t.engine());
        // the profile's 4 flows, 1,000 packets each, every flow its own IMIX cycle from its first packet
        assertEquals(List.of(1000L, 1000L, 1000L, 1000L), t.perFlow().stream().map(FlowSummary::rxPackets).toList());
        assertEquals(java.util.Collections.nCopies(4, imixBytes(1_000)), t.perFlow().stream().map(FlowSummary::rxBytes).toList(),
                "7 of 24, 4 of 524 and 1 of 1472 payload bytes in every 12 packets of each flow");
        assertEquals(4 * imixBytes(1_000), t.txBytes());
        assertKernelCounted(t, srcBefore, dstBefore);
    }
}
