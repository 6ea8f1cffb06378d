package dev.labdeck.controller.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.engine.RunEngine;
import dev.labdeck.controller.lab.LabFixture;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.testkit.ClassFixture;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end in the lab-in-a-box: a sweep over three rates and two payload sizes measures six
 * steps with the lab deployed once, each with its own figures, a sweep table and the curves in the report;
 * the throughput search finds the limit of a device whose limit the test sets, and names the
 * generator when the device is faster than it.
 */
class SweepLabRunTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SweepLabRunTest.class);
    @RegisterExtension
    static final ClassFixture<LabFixture> lab = LabFixture.perClass("swe2e");
    @TempDir
    static Path tmp;

    @Test
    void threeRatesByTwoSizesWriteSixStepsAndASweepTable() throws Exception {
        Path dir = run("sweep", """
                traffic:
                  source: src
                  sink: dst
                  destination: lab:dst.data
                  ports: [12345, 12346]
                  duration: 2s
                  rate_pps: [2k, 5k, 10k]
                  packet_size: [64, 512]
                """);
        JsonNode summary = ProtocolJson.mapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals("passed", summary.path("status").asText(), summary.toString());
        JsonNode steps = summary.path("sweep").path("steps");
        assertEquals(6, steps.size(), steps.toString());
        try (var d = Files.list(dir.resolve("steps"))) {
            assertEquals(6, d.filter(s -> Files.isRegularFile(s.resolve("summary.json"))).count(), "a directory with figures per step");
        }
        List<String> csv = Files.readAllLines(dir.resolve("sweep.csv"));
        assertEquals(7, csv.size(), "header and six steps: " + csv);
        List<JsonNode> started = events(dir, "sweep.step");
        List<JsonNode> done = events(dir, "sweep.step.done");
        assertEquals(6, started.size(), "a sweep.step event per step: " + started);
        assertEquals(6, done.size(), "a sweep.step.done event per step: " + done);
        int i = 0;
        for (int size : new int[] {64, 512}) {
            for (long rate : new long[] {2000, 5000, 10000}) {
                JsonNode st = steps.get(i++);
                assertEquals(rate, st.path("rate_pps").asLong(), st.toString());
                assertEquals(size, st.path("packet_size").asInt(), st.toString());
                // the source sent the step's rate for the step's 2 s, every packet counted by the sink or as lost
                assertEquals(rate * 2, st.path("tx_packets").asLong(), rate * 0.02 + 1, st.toString());
                assertEquals(st.path("tx_packets").asLong(), st.path("rx_packets").asLong() + st.path("lost_packets").asLong());
                JsonNode own = ProtocolJson.mapper().readTree(dir.resolve("steps").resolve(st.path("name").asText()).resolve("summary.json").toFile());
                assertEquals(st.path("tx_packets").asLong(), own.path("traffic").path("tx_packets").asLong());
                // events.jsonl carries the step as fields, so a reader need not parse the message
                JsonNode asked = started.get(i - 1).path("data");
                assertEquals(String.valueOf(i), asked.path("step").asText(), asked.toString());
                assertEquals("6", asked.path("steps").asText(), asked.toString());
                assertEquals(String.valueOf(rate), asked.path("rate_pps").asText(), asked.toString());
                assertEquals(String.valueOf(size), asked.path("packet_size").asText(), asked.toString());
                assertEquals(st.path("name").asText(), asked.path("name").asText(), asked.toString());
                JsonNode measured = done.get(i - 1).path("data");
                assertEquals(st.path("name").asText(), measured.path("name").asText(), measured.toString());
                assertEquals(st.path("tx_packets").asText(), measured.path("tx_packets").asText(), "the event's figures are the summary's");
                assertEquals(st.path("rx_packets").asText(), measured.path("rx_packets").asText(), "the event's figures are the summary's");
            }
        }
        String report = Files.readString(dir.resolve("report.html"));
        assertTrue(report.contains("Received against sent rate") && report.contains("Loss against sent rate"), "curves in the report");
        // deployed once, measured six times: each host's agent started once
        String events = Files.readString(dir.resolve("events.jsonl"));
        assertEquals(2, events.split("\"kind\":\"agent.version\"", -1).length - 1, "one agent start per host");
    }

    /**
     * The device is an XDP token bucket on dst's data0 (test resource rate_limit.bpf.c): it refills
     * at {@value #LIMIT_PPS} pps and holds {@value #BURST} packets. Over a trial of T seconds it
     * passes at most LIMIT·T + BURST packets, so loss beyond the limit starts between LIMIT and
     * R* = (LIMIT + BURST/T) / (1 − limit %) (nearer LIMIT the burstier the source: tokens that
     * overflow a full bucket between bursts are lost). The search must end within that span, with
     * its last passing and failing trials no further apart than its resolution (2 %). The bucket
     * holds more than the source's largest burst: with 50 packets the device dropped the bursts of
     * a 3,085 pps flow, and the search rightly found 3,046 pps.
     */
    @Test
    void theSearchFindsTheDevicesLimitWithinItsResolution() throws Exception {
        Path object = tmp.resolve("rate_limit.o");
        Process cc = new ProcessBuilder("clang", "-O2", "-g", "-target", "bpf", "-I/usr/include/x86_64-linux-gnu",
                "-DLIMIT_PPS=" + LIMIT_PPS, "-DBURST=" + BURST, "-c",
                Prerequisites.repoRoot().resolve("controller/src/test/resources/bpf/rate_limit.bpf.c").toString(),
                "-o", object.toString()).inheritIO().start();
        Prerequisites.require(cc.waitFor() == 0, "clang cannot build the test's XDP rate limiter");
        Path dir = run("search", """
                traffic: {source: src, sink: dst, destination: lab:dst.data, ports: [12345, 12346], packet_size: 64}
                xdp:
                  - {host: dst, interface: data0, object: %s, mode: native}
                search: {loss_percent: 0.5, resolution: 2%%, trial: 2s, max_pps: 10k, min_pps: 1k}
                """.formatted(object));
        JsonNode summary = ProtocolJson.mapper().readTree(dir.resolve("summary.json").toFile());
        JsonNode result = summary.path("search").path("results").get(0);
        double limit = (LIMIT_PPS + BURST / 2.0) / (1 - 0.005);
        long found = result.path("throughput_pps").asLong();
        LOG.info("search against a {} pps device (loss starts at most at {} pps): found {} pps; {}; trials {}", LIMIT_PPS,
                Math.round(limit), found, result.path("verdict").asText(), result.path("trials"));
        assertTrue(found >= LIMIT_PPS * 0.98 && found <= limit * 1.01, "found " + found + " pps, loss starts between "
                + LIMIT_PPS + " and " + Math.round(limit) + ": " + result);
        assertFalse(result.path("generator_limited").asBoolean(), result.toString());
        assertTrue(result.path("verdict").asText().startsWith("the device is the limit"), result.toString());
        JsonNode trials = result.path("trials");
        assertTrue(trials.size() >= 4, "every trial is reported: " + trials);
        JsonNode first = trials.get(0);
        assertEquals(10_000, first.path("offered_pps").asLong(), "the first trial is at max_pps");
        // the first trial's figures are the device's: of the 20,000 sent it passed at most LIMIT·2 s + BURST,
        // and at least LIMIT·2 s less what stalls of the source let overflow the full bucket (on a loaded
        // machine the pinned sending thread stalls for 100s of ms and then catches up: seen 10,498 and 9,336
        // at load 15-20 on 2 cores; 10,900-11,000 on an idle one)
        assertEquals(20_000, first.path("tx_packets").asLong(), 200, first.toString());
        long passed = first.path("rx_packets").asLong();
        assertTrue(passed >= LIMIT_PPS * 2 * 0.9 && passed <= (LIMIT_PPS * 2 + BURST) * 1.02,
                "passed " + passed + ", the device's LIMIT·2 s = " + LIMIT_PPS * 2 + " to LIMIT·2 s + BURST = " + (LIMIT_PPS * 2 + BURST)
                        + ": " + first);
        long lowestFailing = Long.MAX_VALUE;
        for (JsonNode t : trials) {
            assertEquals(t.path("loss_percent").asDouble() <= 0.5, t.path("passed").asBoolean(), t.toString());
            if (!t.path("passed").asBoolean()) lowestFailing = Math.min(lowestFailing, t.path("offered_pps").asLong());
        }
        assertTrue(lowestFailing > found && lowestFailing - found <= 0.02 * lowestFailing,
                "passed at " + found + ", lost too much at " + lowestFailing + ": within the 2 % resolution");
        try (var d = Files.list(dir.resolve("steps"))) {
            assertEquals(trials.size(), d.count(), "a directory with figures per trial");
        }
        // every trial is an event with its rate and result as fields, in the order tried
        List<JsonNode> trialEvents = events(dir, "search.trial");
        assertEquals(trials.size(), trialEvents.size(), "a search.trial event per trial: " + trialEvents);
        for (int i = 0; i < trials.size(); i++) {
            JsonNode data = trialEvents.get(i).path("data");
            assertEquals(String.valueOf(i + 1), data.path("trial").asText(), data.toString());
            assertEquals(trials.get(i).path("offered_pps").asText(), data.path("rate_pps").asText(), data.toString());
            assertEquals(trials.get(i).path("passed").asBoolean() ? "passed" : "failed", data.path("result").asText(), data.toString());
            assertEquals(trials.get(i).path("tx_packets").asText(), data.path("tx_packets").asText(), data.toString());
        }
        JsonNode searchResult = events(dir, "search.result").getFirst().path("data");
        assertEquals(String.valueOf(found), searchResult.path("throughput_pps").asText(), searchResult.toString());
        assertEquals("64", searchResult.path("packet_size").asText(), searchResult.toString());
    }

    /**
     * Without a limiter the device (dst's kernel and sink) is faster than the socket engine can
     * send: the first trial at 1M pps falls short of its rate, loses nothing, and the search says the
     * generator, not the device, was the limit, at the rate really sent.
     */
    @Test
    void theSearchNamesTheGeneratorWhenTheDeviceIsFaster() throws Exception {
        Path dir = run("generator", """
                traffic: {source: src, sink: dst, destination: lab:dst.data, ports: [12345, 12346], packet_size: 64, engine: socket}
                search: {loss_percent: 0.5, resolution: 2%, trial: 2s, max_pps: 1M, min_pps: 1k}
                """);
        JsonNode summary = ProtocolJson.mapper().readTree(dir.resolve("summary.json").toFile());
        JsonNode result = summary.path("search").path("results").get(0);
        LOG.info("search with the device faster than the generator: {}; trials {}", result.path("verdict").asText(),
                result.path("trials"));
        assertTrue(result.path("generator_limited").asBoolean(), result.toString());
        assertTrue(result.path("verdict").asText().startsWith("the generator was the limit"), result.toString());
        JsonNode first = result.path("trials").get(0);
        assertEquals(1_000_000, first.path("offered_pps").asLong());
        assertTrue(first.path("generator_limited").asBoolean() && first.path("tx_pps").asDouble() < 995_000, first.toString());
        // the rate found is what the source really sent, not what was asked
        assertTrue(result.path("throughput_pps").asLong() < 995_000, result.toString());
        String events = Files.readString(dir.resolve("events.jsonl"));
        assertTrue(events.contains("\"kind\":\"search.result\"") && events.contains("the generator was the limit"), "said in the events");
    }

    /** The run's events of one kind from events.jsonl, in the order written. */
    private static List<JsonNode> events(Path dir, String kind) throws java.io.IOException {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("events.jsonl"))) {
            JsonNode e = ProtocolJson.mapper().readTree(line);
            if (kind.equals(e.path("kind").asText())) out.add(e);
        }
        return out;
    }

    private static final int LIMIT_PPS = 5000;
    private static final int BURST = 1000;

    private static Path run(String name, String test) throws Exception {
        Path file = tmp.resolve(name + ".yaml");
        Files.writeString(file, """
                name: %s
                agent: {bind: 127.0.0.1, heartbeat_timeout: 30s}
                hosts:
                  src: {address: lab:src, key: lab:src, roles: [src]}
                  dst: {address: lab:dst, key: lab:dst, roles: [dst]}
                links:
                  - {name: data, a: "src:data0", b: "dst:data0"}
                monitoring: {sample_interval: 500ms, metrics: [cpu, network]}
                """.formatted(name) + test);
        Profile p = lab.get().resolve(ProfileLoader.load(file));
        RunHandle handle = RunEngine.start(p, RunOptions.defaults().withRunsRoot(tmp.resolve("runs"))
                .withTransport(TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot())), null);
        RunSummary s = handle.await(Duration.ofSeconds(600));
        assertTrue(s.error() == null, "run " + s.status() + ": " + s.error() + "; see " + handle.runDirectory());
        return handle.runDirectory();
    }
}
