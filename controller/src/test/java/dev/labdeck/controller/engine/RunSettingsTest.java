package dev.labdeck.controller.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.results.EventLog;
import dev.labdeck.controller.results.MetricRow;
import dev.labdeck.controller.results.MetricsCsv;
import dev.labdeck.controller.results.RunStatus;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.protocol.ProtocolJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each setting of the profile's results, monitoring and baseline sections shows in the run
 * directory of a real run (the real agent through the local transport, real UDP over loopback).
 */
class RunSettingsTest {
    @TempDir
    Path runs;
    @TempDir
    Path userDir;
    @TempDir
    Path profiles;

    /** A loopback profile as a user writes it, with {@code extra} sections appended. */
    private Profile profile(String name, String extra) throws Exception {
        String ports = LoopbackRuns.freeUdpPorts(2).stream().map(String::valueOf).collect(Collectors.joining(", "));
        Path file = profiles.resolve(name + ".yaml");
        Files.writeString(file, """
                name: %s
                hosts:
                  local:
                    transport: local
                    roles: [src, dst]
                traffic:
                  source: local
                  sink: local
                  destination: 127.0.0.1
                  flows: 2
                  ports: [%s]
                  rate_pps: 2000
                  packet_size: 64
                  duration: 2s
                %s
                """.formatted(name, ports, extra));
        return ProfileLoader.load(file);
    }

    private RunSummary run(Profile p, RecordingListener listener) throws Exception {
        RunHandle run = RunEngine.start(p, LoopbackRuns.options(runs, userDir), listener);
        RunSummary s = run.await(Duration.ofSeconds(90));
        assertEquals(RunStatus.PASSED, s.status(), () -> "error: " + s.error());
        return s;
    }

    /** The run directory's files; its sub-directories are logs (agents/, services/), kept whatever the formats. */
    private static Set<String> files(Path dir) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void resultsFormatsKeepOnlyTheFilesAskedForAndAlwaysTheSummary() throws Exception {
        RunSummary s = run(profile("formats", """
                monitoring:
                  sample_interval: 200ms
                results:
                  formats: [csv, junit]
                """), new RecordingListener());
        Path dir = Path.of(s.runDirectory());

        assertEquals(new TreeSet<>(List.of("metrics.csv", "junit.xml", "summary.json", "profile.yaml")), files(dir));
        assertFalse(MetricsCsv.read(dir, r -> true).isEmpty(), "metrics.csv holds the samples");
        JsonNode json = ProtocolJson.mapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals(4000, json.at("/traffic/rx_packets").asLong(), "summary.json has the figures");
    }

    @Test
    void monitoringMetricsCpuRecordsCpuAndNoMemoryOrInterfaces() throws Exception {
        RunSummary s = run(profile("cpu-only", """
                monitoring:
                  sample_interval: 200ms
                  metrics: [cpu]
                """), new RecordingListener());
        Path dir = Path.of(s.runDirectory());

        List<MetricRow> rows = MetricsCsv.read(dir, r -> true);
        Set<String> groups = rows.stream().map(r -> r.metric().substring(0, r.metric().indexOf('.')))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(groups.contains("cpu"), "cpu sampled: " + groups);
        // the run's own traffic figures (traffic.*, sink.*) are the measurement, not a monitoring group
        assertTrue(Set.of("cpu", "traffic", "sink").containsAll(groups), "only cpu besides the traffic: " + groups);
        assertTrue(s.dstCpu() != null && !s.dstCpu().perCore().isEmpty(), "dst_cpu from the cpu samples");
    }

    @Test
    void realTimeFalseStreamsNoFiguresLiveButStillWritesTheFiles() throws Exception {
        RecordingListener listener = new RecordingListener();
        RunSummary s = run(profile("not-live", """
                monitoring:
                  sample_interval: 200ms
                  metrics: [cpu, memory, network]
                results:
                  real_time: false
                """), listener);
        Path dir = Path.of(s.runDirectory());

        assertTrue(listener.samples.isEmpty(), "no live samples: " + listener.samples.size());
        assertTrue(MetricsCsv.read(dir, r -> r.metric().startsWith("cpu.")).size() > 0, "metrics.csv still has them");
        assertTrue(EventLog.read(dir).stream().anyMatch(e -> "real_time.off".equals(e.kind())), "events.jsonl says why");
        assertTrue(Files.isRegularFile(dir.resolve("report.html")));

        RecordingListener live = new RecordingListener();
        run(profile("live", """
                monitoring:
                  sample_interval: 200ms
                """), live);
        assertFalse(live.samples.isEmpty(), "with real_time on (the default) the same run streams samples");
    }

    @Test
    void baselineKindRunComparesAgainstAStoredRun() throws Exception {
        RunSummary stored = run(profile("stored", ""), new RecordingListener());

        RunSummary s = run(profile("compared", """
                baseline:
                  kind: run
                  run: %s
                """.formatted(stored.runDirectory())), new RecordingListener());

        JsonNode b = ProtocolJson.mapper().readTree(Path.of(s.runDirectory()).resolve("summary.json").toFile()).path("baseline");
        assertEquals("run", b.path("kind").asText());
        assertEquals(stored.runId(), b.path("run_id").asText());
        assertEquals(stored.traffic().rxPackets(), b.path("rx_packets").asLong());
        assertEquals(stored.traffic().rxPps(), b.path("rx_pps").asDouble());
        double expected = Math.round((s.traffic().rxPps() - stored.traffic().rxPps()) * 100.0 / stored.traffic().rxPps() * 1000.0) / 1000.0;
        assertEquals(expected, b.path("change").path("rx_pps_percent").asDouble(), b.toString());
    }

    @Test
    void aBaselineRunThatIsNotThereStopsThePlanAndSaysWhere() throws Exception {
        RunHandle run = RunEngine.start(profile("lost-baseline", """
                baseline:
                  kind: run
                  run: no-such-run
                """), LoopbackRuns.options(runs, userDir), new RecordingListener());
        RunSummary s = run.await(Duration.ofSeconds(60));

        assertEquals(RunStatus.ERROR, s.status());
        assertEquals("plan", s.error().step());
        assertTrue(s.error().message().startsWith("baseline run 'no-such-run' not found (looked in "), s.error().message());
        assertTrue(s.hosts().isEmpty(), "no agent was started");
    }
}
