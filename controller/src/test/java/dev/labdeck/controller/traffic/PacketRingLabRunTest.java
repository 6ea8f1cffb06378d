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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code packet-ring} engine (AF_PACKET TX ring past the qdisc) in the lab-in-a-box: src's
 * agent writes whole frames with each flow's size, ports and payload, and the LabDeck header the
 * sink reads; what the source claims is what src data0's kernel counted and what dst's sink got,
 * per flow, with one-way latency for every packet.
 */
class PacketRingLabRunTest {
    private static LabFixture lab;

    @BeforeAll
    static void up() {
        lab = LabFixture.up("pr1");
    }

    @AfterAll
    static void down() {
        if (lab != null) lab.close();
    }

    private static RunHandle start(long pps, String duration, String trafficTail, Path runs) throws Exception {
        String yaml = Files.readString(Prerequisites.repoRoot().resolve("profiles/lab-in-a-box-udp.yaml"))
                .replace("rate_pps: 10000", "rate_pps: " + pps)
                .replace("duration: 5s", "duration: " + duration + trafficTail.stripTrailing());
        TransportOptions transport = TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot())
                .withConnectTimeout(Duration.ofSeconds(45));
        return RunEngine.start(lab.resolve(ProfileLoader.parse(yaml, "packet-ring.yaml")),
                RunOptions.defaults().withRunsRoot(runs).withTransport(transport), null);
    }

    private static RunHandle start(long pps, String duration, String trafficTail, Path runs,
                                   dev.labdeck.controller.run.RunListener listener) throws Exception {
        String yaml = Files.readString(Prerequisites.repoRoot().resolve("profiles/lab-in-a-box-udp.yaml"))
                .replace("rate_pps: 10000", "rate_pps: " + pps)
                .replace("duration: 5s", "duration: " + duration + trafficTail.stripTrailing());
        yaml = yaml.substring(0, yaml.indexOf("\nthresholds:") + 1);
        TransportOptions transport = TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot())
                .withConnectTimeout(Duration.ofSeconds(45));
        return RunEngine.start(lab.resolve(ProfileLoader.parse(yaml, "packet-ring-link-down.yaml")),
                RunOptions.defaults().withRunsRoot(runs).withTransport(transport), listener);
    }

    private static long[] counters(String host, String direction) throws Exception {
        JsonNode s = ProtocolJson.mapper().readTree(lab.run(host, "ip", "-s", "-j", "link", "show", "dev", "data0"))
                .get(0).path("stats64").path(direction);
        return new long[] {s.path("packets").asLong(), s.path("bytes").asLong()};
    }

    private static List<JsonNode> events(RunHandle run, String kind) throws Exception {
        return Files.readAllLines(run.runDirectory().resolve("events.jsonl")).stream().map(l -> {
            try {
                return ProtocolJson.mapper().readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(l, e);
            }
        }).filter(e -> kind.equals(e.path("kind").asText())).toList();
    }

    /** With 2 threads each sending thread has its own ring and owns 2 of the 4 flows. */
    @ParameterizedTest(name = "{0} sending thread(s)")
    @ValueSource(ints = {1, 2})
    void packetRingSendsEachFlowsFramesAndTheKernelAndTheSinkCountEveryOne(int threads, @TempDir Path runs) throws Exception {
        long[] srcBefore = counters("src", "tx");
        long[] dstBefore = counters("dst", "rx");
        RunHandle run = start(2000, "2s", """

                  engine: packet-ring
                  threads: %d
                  per_flow:
                    - {share: 1, packet_size: 100, payload: "text:hello"}
                    - {share: 2, packet_size: 1000, src_port: 40123, payload: random}
                    - {share: 1, packet_size: imix, payload: "hex:c0ffee"}
                    - {share: 4}
                """.formatted(threads), runs);
        RunSummary s = run.await(Duration.ofSeconds(150));
        assertEquals(RunStatus.PASSED, s.status(), s.error() + " " + s.thresholds() + "; see " + run.runDirectory());

        TrafficSummary t = s.traffic();
        assertEquals(TrafficEngine.PACKET_RING, t.engine());
        assertEquals(threads, t.threads());
        assertEquals("data0", t.egressInterface());
        List<FlowSummary> f = t.perFlow();
        // 2,000 pps for 2 s in shares 1:2:1:4
        assertEquals(List.of(500L, 1000L, 500L, 2000L), f.stream().map(FlowSummary::txPackets).toList(), "claimed per flow");
        assertEquals(List.of(500L, 1000L, 500L, 2000L), f.stream().map(FlowSummary::rxPackets).toList(), "received per flow");
        assertEquals(List.of(500L * 100, 1000L * 1000, PerFlowLabRunTest.imixBytes(500), 2000L * 64),
                f.stream().map(FlowSummary::rxBytes).toList(), "the sink counted each flow's bytes at its size");
        assertEquals(f.stream().map(FlowSummary::rxBytes).toList(), f.stream().map(FlowSummary::txBytes).toList());
        assertEquals(0, t.lostPackets(), "no flow lost or skipped a sequence number");

        long[] src = counters("src", "tx");
        long[] dst = counters("dst", "rx");
        assertEquals(4000, t.txPackets());
        assertEquals(t.txPackets(), src[0] - srcBefore[0], "src data0's kernel tx counter");
        assertEquals(t.txPackets(), t.egressTxPackets(), "summary.json's egress_tx_packets");
        assertEquals(t.txBytes() + PerFlowLabRunTest.HEADERS * t.txPackets(), src[1] - srcBefore[1], "src data0 tx bytes");
        assertEquals(t.txPackets(), t.rxPackets(), "the sink received every frame");
        assertEquals(t.rxPackets(), dst[0] - dstBefore[0], "dst data0's kernel rx counter");

        var l = t.latencyUs();
        assertEquals(t.rxPackets(), l.samples(), "a latency for every packet received: " + l);
        assertEquals(0, l.belowZero(), l.toString());
        assertTrue(l.p50() > 0 && l.p50() <= l.p99() && l.p99() <= l.max() && l.max() < 2_000_000, l.toString());
        for (FlowSummary flow : f) assertEquals(flow.rxPackets(), flow.latencyUs().samples(), "flow " + flow.flow());

        assertEquals(List.of(), events(run, "traffic.payload_mismatch"), "every frame carries its flow's payload pattern");
        List<JsonNode> chosen = events(run, "traffic.engine");
        assertEquals(1, chosen.size(), chosen.toString());
        assertEquals("preflight", chosen.getFirst().path("phase").asText().toLowerCase(java.util.Locale.ROOT));
        assertTrue(chosen.getFirst().path("message").asText().contains("the packet-ring engine sends by data0"), chosen.toString());
        JsonNode json = ProtocolJson.mapper().readTree(run.runDirectory().resolve("summary.json").toFile()).path("traffic");
        assertEquals("packet-ring", json.path("engine").asText(), json.toString());
    }

    @Test
    void autoTakesPacketRingWhereXdpLiveFramesWouldVanishAndSaysWhy(@TempDir Path runs) throws Exception {
        // without GRO on dst's end of the veth, XDP frames from src would be dropped there; packet-ring's
        // frames are ordinary skbs and arrive all the same
        lab.run("dst", "ethtool", "-K", "data0", "gro", "off");
        try {
            long srcBefore = counters("src", "tx")[0];
            // 250,000 pps: above auto's thresholds for xdp-live and packet-ring
            RunHandle run = start(250_000, "1s", """

                      engine: auto
                      per_flow:
                        - {share: 1, packet_size: 200}
                        - {share: 1, packet_size: 64}
                    """, runs);
            RunSummary s = run.await(Duration.ofSeconds(150));
            TrafficSummary t = s.traffic();
            assertEquals(TrafficEngine.PACKET_RING, t.engine(), s.error() + "; see " + run.runDirectory());
            assertTrue(t.engineNotes().stream().anyMatch(n -> n.startsWith("xdp-live: data0 is a veth whose peer")
                    && n.contains("GRO is off")), t.engineNotes().toString());
            assertEquals(t.txPackets(), counters("src", "tx")[0] - srcBefore, "every claimed frame is in src data0's kernel tx counter");
            assertTrue(t.rxPackets() <= t.txPackets(), t.toString());
            if (t.txPackets() < 250_000) {
                assertTrue(t.generatorLimited(), "short of the rate and saying so: " + t.txPackets() + " of 250,000");
            }
        } finally {
            lab.run("dst", "ethtool", "-K", "data0", "gro", "on");
        }
    }

    @Test
    void framesRefusedWhileTheLinkIsDownAreNotClaimedAndTheRunGoesOn(@TempDir Path runs) throws Exception {
        long srcBefore = counters("src", "tx")[0];
        java.util.concurrent.CompletableFuture<Void> flap = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        // once packet-ring is sending, src's end of the data link goes down for 2 s (the fault itself, not a wait)
        dev.labdeck.controller.run.RunListener downWhileSending = new dev.labdeck.controller.run.RunListener() {
            @Override
            public void event(dev.labdeck.controller.run.RunEvent e) {
                if ("traffic.started".equals(e.kind()) && once.compareAndSet(false, true)) {
                    Thread.ofVirtual().start(() -> {
                        try {
                            lab.run("src", "ip", "link", "set", "data0", "down");
                            Thread.sleep(2_000);
                            lab.run("src", "ip", "link", "set", "data0", "up");
                            flap.complete(null);
                        } catch (RuntimeException | InterruptedException ex) {
                            flap.completeExceptionally(ex);
                        }
                    });
                }
            }
        };
        try {
            RunHandle run = start(2000, "6s", "\n  engine: packet-ring\n", runs, downWhileSending);
            RunSummary s = run.await(Duration.ofSeconds(150));
            flap.get(30, java.util.concurrent.TimeUnit.SECONDS);

            assertEquals(RunStatus.PASSED, s.status(), "measured, not an error: " + s.error() + "; see " + run.runDirectory());
            TrafficSummary t = s.traffic();
            assertEquals(TrafficEngine.PACKET_RING, t.engine());
            long counted = counters("src", "tx")[0] - srcBefore;
            // the link was down for 2 s at 2,000 pps: had the refused frames (some 4,000) been claimed, the claim would
            // exceed the kernel's count and the sink's by thousands. Within a few frames: the kernel also counts the
            // packets src's own stack sends as the link comes back up (seen: 16), which no sink counts, and a frame the
            // ring handed over in the instant the link went down may be dropped by the device after the kernel took it
            // from the ring (seen: 3 of 7,979 claimed, not in src's tx counter) - a known gap of this engine
            assertTrue(Math.abs(counted - t.txPackets()) <= 64, "claimed " + t.txPackets() + ", src data0 counted " + counted);
            assertTrue(Math.abs(t.txPackets() - t.rxPackets()) <= 16,
                    "none of the refused frames is claimed: claimed " + t.txPackets() + ", the sink received " + t.rxPackets());
            assertTrue(t.txPackets() > 0 && t.txPackets() < 12_000 - 2_000, "nothing sent while the link was down: " + t.txPackets());
        } finally {
            lab.run("src", "ip", "link", "set", "data0", "up");
        }
    }
}
