package dev.labdeck.controller.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.engine.RunEngine;
import dev.labdeck.controller.lab.LabFixture;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileLoader;
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

/**
 * {@code traffic.engine} end to end in the lab-in-a-box: the source host's agent picks the engine
 * at PREFLIGHT, the event and summary.json name it with the reasons the faster ones were skipped,
 * the packets it claims are the ones src's kernel counted, and a named engine that cannot work
 * there stops the run at PREFLIGHT saying why and what to do.
 */
class TrafficEngineLabRunTest {
    private static LabFixture lab;

    @BeforeAll
    static void up() {
        lab = LabFixture.up("te1");
    }

    @AfterAll
    static void down() {
        if (lab != null) lab.close();
    }

    private static Profile profile(String engine, long pps) throws Exception {
        return profile(engine, pps, "2s", true);
    }

    private static Profile profile(String engine, long pps, String duration, boolean thresholds) throws Exception {
        String yaml = Files.readString(Prerequisites.repoRoot().resolve("profiles/lab-in-a-box-udp.yaml"))
                .replace("rate_pps: 10000", "rate_pps: " + pps + "\n  engine: " + engine)
                .replace("duration: 5s", "duration: " + duration);
        if (!thresholds) yaml = yaml.substring(0, yaml.indexOf("\nthresholds:") + 1);
        return lab.resolve(ProfileLoader.parse(yaml, "engine-" + engine + ".yaml"));
    }

    private static RunHandle run(Profile p, Path runs) throws Exception {
        return run(p, runs, null);
    }

    private static RunHandle run(Profile p, Path runs, dev.labdeck.controller.run.RunListener listener) throws Exception {
        TransportOptions transport = TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot())
                .withConnectTimeout(Duration.ofSeconds(45));
        return RunEngine.start(p, RunOptions.defaults().withRunsRoot(runs).withTransport(transport), listener);
    }

    private static long srcTx() throws Exception {
        return ProtocolJson.mapper().readTree(lab.run("src", "ip", "-s", "-j", "link", "show", "dev", "data0"))
                .get(0).path("stats64").path("tx").path("packets").asLong();
    }

    /** The events of kind {@code kind}, as recorded in events.jsonl. */
    private static List<JsonNode> events(RunHandle run, String kind) throws Exception {
        return Files.readAllLines(run.runDirectory().resolve("events.jsonl")).stream().map(l -> {
            try {
                return ProtocolJson.mapper().readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(l, e);
            }
        }).filter(e -> kind.equals(e.path("kind").asText())).toList();
    }

    @Test
    void xdpLiveNamedInTheProfileIsChosenAtPreflightAndEveryClaimedPacketIsCounted(@TempDir Path runs) throws Exception {
        long before = srcTx();
        RunHandle run = run(profile("xdp-live", 2000), runs);
        RunSummary summary = run.await(Duration.ofSeconds(150));

        assertEquals(RunStatus.PASSED, summary.status(), summary.error() + "; see " + run.runDirectory());
        TrafficSummary t = summary.traffic();
        assertEquals(TrafficEngine.XDP_LIVE, t.engine());
        assertEquals(1, t.threads());
        assertEquals("data0", t.egressInterface());
        assertEquals(4000, t.txPackets(), "2,000 pps for 2 s");
        assertEquals(t.txPackets(), srcTx() - before, "src data0's kernel tx counter");
        assertEquals(t.txPackets(), t.rxPackets(), "the sink received every frame");
        List<JsonNode> chosen = events(run, "traffic.engine");
        assertEquals(1, chosen.size(), "one choice, at PREFLIGHT: " + chosen);
        assertEquals("preflight", chosen.getFirst().path("phase").asText().toLowerCase(java.util.Locale.ROOT));
        assertTrue(chosen.getFirst().path("message").asText().contains("the xdp-live engine sends by data0 with 1 thread"),
                chosen.toString());
        JsonNode json = ProtocolJson.mapper().readTree(run.runDirectory().resolve("summary.json").toFile()).path("traffic");
        assertEquals("xdp-live", json.path("engine").asText(), json.toString());
        assertEquals(1, json.path("threads").asInt(), json.toString());
        assertLatencyMeasured(run, t, json);
    }

    /**
     * The sink measured every packet's one-way latency from the send time the engine wrote into it;
     * the lab's hosts share one kernel clock, so the offset measured at PREFLIGHT must be 0 within
     * its stated uncertainty, and no packet arrives before it was sent.
     */
    private static void assertLatencyMeasured(RunHandle run, TrafficSummary t, JsonNode json) throws Exception {
        var l = t.latencyUs();
        assertEquals(t.rxPackets(), l.samples(), "a latency for every packet received: " + l);
        assertEquals(0, l.belowZero(), l.toString());
        assertTrue(l.p50() > 0 && l.p50() <= l.p90() && l.p90() <= l.p99() && l.p99() <= l.p99_9() && l.p99_9() <= l.max(), l.toString());
        assertTrue(l.max() < 2_000_000, "packets on a veth arrive within 2 s of being sent, by the one clock: " + l);
        for (var f : t.perFlow()) {
            assertEquals(f.rxPackets(), f.latencyUs().samples(), "flow " + f.flow() + ": " + f.latencyUs());
        }
        JsonNode lj = json.path("latency_us");
        for (String k : List.of("p50", "p90", "p99", "p99_9", "max")) {
            assertTrue(lj.path(k).isNumber(), "summary.json traffic.latency_us." + k + ": " + lj);
        }
        assertTrue(json.path("per_flow").path(0).path("latency_us").path("p99").isNumber(), json.toString());

        var clock = t.clockOffset();
        assertTrue(Math.abs(clock.offsetUs()) <= clock.uncertaintyUs() + 1, "one clock: the offset is 0 within ± "
                + clock.uncertaintyUs() + " µs: " + clock);
        assertTrue(json.path("clock_offset").path("uncertainty_us").isNumber(), json.toString());
        List<JsonNode> offset = events(run, "traffic.clock_offset");
        assertEquals(1, offset.size(), offset.toString());
        assertTrue(offset.getFirst().path("message").asText().contains("dst's clock is"), offset.toString());

        List<String> p99 = Files.readAllLines(run.runDirectory().resolve("metrics.csv")).stream()
                .filter(line -> line.contains(",sink.latency_p99_us,")).toList();
        assertTrue(!p99.isEmpty(), "the live p99 is sampled into metrics.csv");
    }

    @Test
    void autoBelowTwoHundredThousandPpsTakesTheSocketEngineAndSaysWhy(@TempDir Path runs) throws Exception {
        long before = srcTx();
        RunHandle run = run(profile("auto", 1000), runs);
        RunSummary summary = run.await(Duration.ofSeconds(150));

        assertEquals(RunStatus.PASSED, summary.status(), summary.error() + "; see " + run.runDirectory());
        TrafficSummary t = summary.traffic();
        assertEquals(TrafficEngine.SOCKET, t.engine());
        assertEquals(2000, t.txPackets());
        assertEquals(t.txPackets(), srcTx() - before, "src data0's kernel tx counter");
        assertEquals(List.of("xdp-live: not needed below 200,000 pps", "packet-ring: not needed below 50,000 pps"),
                t.engineNotes().subList(0, 2));
        assertTrue(t.engineNotes().size() == 3 && t.engineNotes().get(2).matches("1 sending thread, pinned to core \\d+"),
                "and the one sending thread's core: " + t.engineNotes());
        JsonNode json = ProtocolJson.mapper().readTree(run.runDirectory().resolve("summary.json").toFile()).path("traffic");
        assertEquals("socket", json.path("engine").asText());
        assertEquals("xdp-live: not needed below 200,000 pps", json.path("engine_notes").path(0).asText(), json.toString());
        assertLatencyMeasured(run, t, json);
    }

    @Test
    void xdpLiveWithGroOffIsChosenAtPreflightWhenPrepareAttachesXdpOnTheReceiver(@TempDir Path runs) throws Exception {
        lab.run("dst", "ethtool", "-K", "data0", "gro", "off");
        try {
            String yaml = Files.readString(Prerequisites.repoRoot().resolve("profiles/lab-in-a-box-udp.yaml"))
                    .replace("rate_pps: 10000", "rate_pps: 2000\n  engine: xdp-live")
                    .replace("duration: 5s", "duration: 2s")
                    .replace("traffic:\n", "xdp:\n  - host: dst\n    interface: data0\n    object: builtin:count\ntraffic:\n");
            long before = srcTx();
            RunHandle run = run(lab.resolve(ProfileLoader.parse(yaml, "engine-xdp-prepare.yaml")), runs);
            RunSummary summary = run.await(Duration.ofSeconds(150));

            assertEquals(RunStatus.PASSED, summary.status(), summary.error() + "; see " + run.runDirectory());
            TrafficSummary t = summary.traffic();
            assertEquals(TrafficEngine.XDP_LIVE, t.engine());
            assertTrue(t.engineNotes().stream().anyMatch(n -> n.startsWith("xdp-live: data0's veth peer data0")
                    && n.contains("GRO is off") && n.contains("attaches an XDP program on the receiver in PREPARE")), t.engineNotes().toString());
            List<JsonNode> chosen = events(run, "traffic.engine");
            assertEquals("preflight", chosen.getFirst().path("phase").asText().toLowerCase(java.util.Locale.ROOT));
            assertTrue(chosen.getFirst().path("message").asText().contains("in PREPARE"), chosen.toString());
            assertEquals(4000, t.txPackets(), "2,000 pps for 2 s");
            assertEquals(t.txPackets(), srcTx() - before, "src data0's kernel tx counter");
            assertEquals(t.txPackets(), t.rxPackets(), "the sink received every frame (dst's XDP program passes them)");
        } finally {
            lab.run("dst", "ethtool", "-K", "data0", "gro", "on");
        }
    }

    @Test
    void xdpLiveWhereItsFramesWouldVanishStopsTheRunAtPreflightSayingWhatToDo(@TempDir Path runs) throws Exception {
        lab.run("dst", "ethtool", "-K", "data0", "gro", "off");
        try {
            long before = srcTx();
            RunHandle run = run(profile("xdp-live", 2000), runs);
            RunSummary summary = run.await(Duration.ofSeconds(150));

            assertEquals(RunStatus.ERROR, summary.status(), "see " + run.runDirectory());
            assertEquals("src", summary.error().host());
            assertEquals("preflight", summary.error().step());
            String why = summary.error().message();
            assertTrue(why.contains("traffic engine xdp-live") && why.contains("data0 is a veth whose peer data0")
                    && why.contains("GRO is off") && why.contains("ethtool -K data0 gro on"), why);
            assertTrue(!why.contains("PREPARE"), "no XDP program is planned on dst: " + why);
            assertTrue(srcTx() - before < 10, "nothing sent: " + (srcTx() - before));
            assertTrue(summary.traffic() == null || summary.traffic().txPackets() == 0, "no traffic figures claimed");
        } finally {
            lab.run("dst", "ethtool", "-K", "data0", "gro", "on");
        }
    }

    @Test
    void framesThatVanishAfterTheSourceStartedAreWarnedAboutNotClaimed(@TempDir Path runs) throws Exception {
        long before = srcTx();
        java.util.concurrent.atomic.AtomicBoolean switched = new java.util.concurrent.atomic.AtomicBoolean();
        // once xdp-live is sending, dst's end of the veth loses GRO: from then on veth drops the XDP
        // frames before src's tx counter sees them, while the engine still counts them as handed over
        dev.labdeck.controller.run.RunListener groOffWhileSending = new dev.labdeck.controller.run.RunListener() {
            @Override
            public void event(dev.labdeck.controller.run.RunEvent e) {
                if ("traffic.started".equals(e.kind()) && switched.compareAndSet(false, true)) {
                    lab.run("dst", "ethtool", "-K", "data0", "gro", "off");
                }
            }
        };
        try {
            RunHandle run = run(profile("xdp-live", 2000, "3s", false), runs, groOffWhileSending);
            RunSummary summary = run.await(Duration.ofSeconds(150));

            assertTrue(switched.get(), "GRO was switched off while sending");
            assertEquals(RunStatus.PASSED, summary.status(), summary.error() + "; see " + run.runDirectory());
            TrafficSummary t = summary.traffic();
            long counted = srcTx() - before;
            assertEquals(counted, t.egressTxPackets(), "summary.json's egress_tx_packets is src data0's kernel counter");
            assertTrue(t.txPackets() > 2 * counted, "most frames vanished: claimed " + t.txPackets() + ", counted " + counted);
            assertTrue(t.rxPackets() <= counted, "the sink got at most what left src: " + t.rxPackets());
            List<JsonNode> gaps = events(run, "traffic.count_gap");
            assertTrue(!gaps.isEmpty(), "a count-gap warning");
            String gap = gaps.getFirst().path("message").asText();
            assertEquals("warn", gaps.getFirst().path("level").asText().toLowerCase(java.util.Locale.ROOT), gaps.toString());
            assertTrue(gap.contains(String.format(java.util.Locale.ROOT, "src data0 counted %,d of the %,d packets the source claims",
                    counted, t.txPackets())) && gap.contains("vanished on src before the wire")
                    && gap.contains("GRO off"), gap);
        } finally {
            lab.run("dst", "ethtool", "-K", "data0", "gro", "on");
        }
    }
}
