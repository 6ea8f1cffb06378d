package dev.labdeck.controller.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.profile.Threshold.Comparison;
import dev.labdeck.controller.profile.Threshold;
import dev.labdeck.controller.results.EventLine;
import dev.labdeck.controller.results.EventLog;
import dev.labdeck.controller.results.MetricsCsv;
import dev.labdeck.controller.results.RunHistory;
import dev.labdeck.controller.results.RunStatus;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.protocol.EventLevel;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.controller.run.RunListener;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.testkit.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real runs on this machine: the real agent through the local transport, real UDP over loopback. */
class LoopbackRunTest {
    @TempDir
    Path runs;
    @TempDir
    Path userDir;

    @Test
    void sendsAndReceivesEveryPacketAndKeepsTheResults() throws Exception {
        RunOptions options = LoopbackRuns.options(runs, userDir);
        RecordingListener listener = new RecordingListener();
        RunHandle run = RunEngine.start(LoopbackRuns.profile("loop", "127.0.0.1", 10_000, Duration.ofSeconds(2),
                List.of(new Threshold("traffic.loss_percent", Comparison.LE, 0.1))), options, listener);
        RunSummary s = run.await(Duration.ofSeconds(60));

        assertEquals(RunStatus.PASSED, s.status(), () -> "error: " + s.error());
        assertEquals(20_000, s.traffic().txPackets());
        assertEquals(s.traffic().txPackets(), s.traffic().rxPackets(), "every packet sent was received");
        assertEquals(0, s.traffic().lostPackets());
        assertEquals(4, s.traffic().perFlow().size());
        assertTrue(s.traffic().perFlow().stream().allMatch(f -> f.txPackets() == 5_000 && f.rxPackets() == 5_000),
                s.traffic().perFlow().toString());
        assertEquals(1, s.thresholds().size());
        assertTrue(s.thresholds().getFirst().passed());

        Path dir = run.runDirectory();
        for (String f : List.of("profile.yaml", "events.jsonl", "metrics.csv", "summary.json", "junit.xml", "report.html")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f + " written");
        }
        JsonNode json = ProtocolJson.mapper().readTree(dir.resolve("summary.json").toFile());
        for (String field : List.of("/status", "/profile", "/started", "/ended", "/hosts/local/agent_version",
                "/traffic/tx_packets", "/traffic/rx_packets", "/traffic/lost_packets", "/traffic/tx_pps",
                "/traffic/rx_pps", "/traffic/loss_percent", "/traffic/per_flow/3/rx_packets", "/thresholds/0/passed")) {
            assertFalse(json.at(field).isMissingNode(), field + " in summary.json");
        }
        assertEquals("passed", json.at("/status").asText());
        assertTrue(json.at("/traffic/tx_pps").asDouble() > 5_000, "about 10,000 pps: " + json.at("/traffic/tx_pps"));
        assertFalse(MetricsCsv.read(dir, r -> r.host().equals("local")).isEmpty(), "samples were kept");

        List<String> phases = EventLog.read(dir).stream().filter(e -> "phase".equals(e.kind())).map(EventLine::message).toList();
        assertEquals(List.of("PLAN", "PREFLIGHT", "DEPLOY", "PREPARE", "START SERVICES", "WARMUP", "MEASURE", "COOLDOWN",
                "COLLECT", "TEARDOWN", "REPORT"), phases);
        assertEquals(List.of(RunPhase.values()), listener.phases, "the listener saw every phase in order");
        assertTrue(listener.hostStates.containsAll(List.of("local=DEPLOYING", "local=READY", "local=STOPPED")), listener.hostStates.toString());
        assertTrue(listener.threads.stream().noneMatch(t -> t.getName().contains("FX")), "listener calls off any UI thread");
        assertNotNull(listener.finished, "finished() was called before await() returned");

        List<Long> pids = LoopbackRuns.agentPids(listener.events);
        assertEquals(1, pids.size());
        assertFalse(LoopbackRuns.alive(pids.getFirst()), "no agent process is left");

        RunHistory.Entry latest = new RunHistory(runs).list().getFirst();
        assertEquals(dir, latest.directory());
        assertEquals(RunStatus.PASSED, latest.summary().orElseThrow().status());
    }

    @Test
    void aHostWhoseAgentCannotStartStillLeavesEventsMetricsAndAnErrorSummary(@TempDir Path emptyHome) throws Exception {
        RunOptions options = RunOptions.defaults().withRunsRoot(runs)
                .withTransport(TransportOptions.defaults().withLabdeckHome(emptyHome).withUserDir(userDir));
        RunHandle run = RunEngine.start(LoopbackRuns.profile("noagent", "127.0.0.1", 1000, Duration.ofSeconds(1), List.of()),
                options, RunListener.NONE);
        RunSummary s = run.await(Duration.ofSeconds(30));

        assertEquals(RunStatus.ERROR, s.status());
        assertEquals("local", s.error().host());
        assertEquals("preflight", s.error().step());
        assertTrue(s.error().message().contains("agent jar"), s.error().message());
        assertNull(s.traffic());
        Path dir = run.runDirectory();
        for (String f : List.of("events.jsonl", "metrics.csv", "summary.json", "junit.xml", "report.html")) {
            assertTrue(Files.exists(dir.resolve(f)), f + " written");
        }
        assertEquals("error", ProtocolJson.mapper().readTree(dir.resolve("summary.json").toFile()).at("/status").asText());
        List<EventLine> events = EventLog.read(dir);
        assertTrue(events.stream().anyMatch(e -> e.level() == EventLevel.ERROR && e.message().contains("agent jar")));
        assertTrue(events.stream().anyMatch(e -> "TEARDOWN".equals(e.message())), "teardown ran after the failure");
    }

    @Test
    void trafficThatReachesNoSinkFailsTheThresholdAndTearsDown() throws Exception {
        RunOptions options = LoopbackRuns.options(runs, userDir);
        RecordingListener listener = new RecordingListener();
        // TEST-NET-1: nothing on this machine receives it
        RunHandle run = RunEngine.start(LoopbackRuns.profile("nowhere", "192.0.2.1", 1000, Duration.ofSeconds(1),
                List.of(new Threshold("traffic.loss_percent", Comparison.LE, 0.1))), options, listener);
        RunSummary s = run.await(Duration.ofSeconds(60));

        assertTrue(s.status() == RunStatus.FAILED || s.status() == RunStatus.ERROR, s.status().toString());
        if (s.status() == RunStatus.FAILED) {
            assertEquals(0, s.traffic().rxPackets());
            assertFalse(s.thresholds().getFirst().passed());
        }
        Path dir = run.runDirectory();
        for (String f : List.of("events.jsonl", "metrics.csv", "summary.json", "junit.xml")) {
            assertTrue(Files.exists(dir.resolve(f)), f + " written");
        }
        LoopbackRuns.agentPids(listener.events).forEach(pid -> assertFalse(LoopbackRuns.alive(pid), "agent " + pid + " left"));
    }

    @Test
    void abortDuringMeasureTearsDownAndSaysSo() throws Exception {
        RunOptions options = LoopbackRuns.options(runs, userDir);
        RecordingListener listener = new RecordingListener();
        RunHandle run = RunEngine.start(LoopbackRuns.profile("abort", "127.0.0.1", 1000, Duration.ofSeconds(60), List.of()),
                options, listener);
        Eventually.await("the run to reach MEASURE (or end)", Duration.ofSeconds(30),
                () -> listener.measuring.getCount() == 0 || run.isDone());
        assertEquals(0, listener.measuring.getCount(), () -> "the run reached MEASURE; it ended: " + run.isDone());
        run.abort();
        RunSummary s = run.await(Duration.ofSeconds(30));

        assertEquals(RunStatus.ABORTED, s.status());
        assertEquals("aborted by the user", s.error().message());
        assertEquals("measure", s.error().step());
        assertTrue(listener.phases.contains(RunPhase.TEARDOWN));
        assertEquals("aborted", ProtocolJson.mapper().readTree(run.runDirectory().resolve("summary.json").toFile())
                .path("status").asText(), "summary.json says aborted, as the GUI's dialog does");
        LoopbackRuns.agentPids(listener.events).forEach(pid -> assertFalse(LoopbackRuns.alive(pid), "agent " + pid + " left"));
    }
}
