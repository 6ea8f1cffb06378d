package dev.labdeck.gui.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.results.MetricsCsv;
import dev.labdeck.controller.results.RunStatus;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.SummaryJson;
import dev.labdeck.controller.results.TrafficSummary;
import dev.labdeck.gui.engine.HistoryRunArchive;
import dev.labdeck.gui.task.BackgroundTasks;
import dev.labdeck.protocol.Metrics;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.protocol.Sample;
import dev.labdeck.testkit.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results on run directories written by the controller's own writers. */
class ResultsViewModelTest {
    @TempDir Path runs;
    ResultsViewModel vm;

    @BeforeEach
    void twoRuns() throws Exception {
        write("20261122-010000-xdp-test", "xdp-test", 9_000, 1.0);
        write("20261122-020000-xdp-test", "xdp-test", 9_900, 0.5);
        vm = new ResultsViewModel(new HistoryRunArchive(), new BackgroundTasks(Runnable::run));
        vm.runsDirectoryProperty().set(runs);
        boolean[] done = new boolean[1];
        vm.refresh(() -> done[0] = true);
        Eventually.await("the runs", Duration.ofSeconds(10), () -> done[0]);
    }

    private void write(String id, String profile, double rxPps, double loss) throws Exception {
        write(runs, id, profile, rxPps, loss);
    }

    /** A run directory as the controller writes it: summary.json, metrics.csv and its profile.yaml. */
    static void write(Path runs, String id, String profile, double rxPps, double loss) throws Exception {
        Path dir = Files.createDirectories(runs.resolve(id));
        TrafficSummary t = new TrafficSummary(100_000, (long) (100_000 * (1 - loss / 100)), (long) (1000 * loss), 10_000, rxPps, loss,
                6_400_000, 6_300_000, 0, 0, 1_000, 11_000, List.of());
        RunSummary s = new RunSummary(RunStatus.PASSED, profile, id, "2026-11-22T01:00:00Z", "2026-11-22T01:00:12Z", dir.toString(),
                Map.of(), t, List.of(), null, null, Map.of());
        SummaryJson.write(s, dir);
        // the run's own copy of its profile: the second run asked for a higher rate with a bigger payload
        Files.writeString(dir.resolve("profile.yaml"), """
                name: %s
                traffic:
                  source: src
                  sink: dst
                  rate_pps: %d
                  packet_size: %d
                """.formatted(profile, rxPps > 9_500 ? 20_000 : 10_000, rxPps > 9_500 ? 1400 : 64));
        try (MetricsCsv csv = new MetricsCsv(dir)) {
            for (int i = 0; i < 5; i++) {
                csv.append("dst", List.of(new Sample(1_000 + i * 1000L, Metrics.SINK_RX_PPS, Map.of(), rxPps)));
            }
        }
    }

    @Test
    void listsRunsNewestFirstWithKeyFigures() {
        assertEquals(2, vm.runs().size());
        RunRecord newest = vm.runs().getFirst();
        assertEquals("20261122-020000-xdp-test", newest.id());
        assertEquals(RunStatus.PASSED, newest.status());
        assertEquals(9_900, newest.rxPps());
        assertEquals(0.5, newest.lossPercent());
    }

    @Test
    void comparesTwoRunsFigureByFigure() {
        compare();
        Difference rx = vm.differences().stream().filter(d -> d.figure().equals("traffic.rx_pps")).findFirst().orElseThrow();
        assertEquals(9_000, rx.a());
        assertEquals(9_900, rx.b());
        assertEquals(10.0, rx.deltaPercent(), 1e-9);
        assertTrue(vm.compareAProperty().get().series().containsKey("dst sink rx pps"));
    }

    @Test
    void exportsTheComparisonAsCsvAndJson() throws Exception {
        compare();
        Path csv = runs.resolve("cmp.csv");
        Path json = runs.resolve("cmp.json");
        boolean[] done = new boolean[2];
        vm.exportCsv(csv, () -> done[0] = true);
        vm.exportJson(json, () -> done[1] = true);
        Eventually.await("exports", Duration.ofSeconds(10), () -> done[0] && done[1]);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("figure,a,b,delta,delta_percent", lines.getFirst());
        assertTrue(lines.contains("traffic.rx_pps,9000.00,9900.00,900.000,10.0000"), lines.toString());
        JsonNode root = ProtocolJson.mapper().readTree(json.toFile());
        assertTrue(root.get("a").asText().endsWith("20261122-010000-xdp-test"));
        JsonNode rx = null;
        for (JsonNode f : root.get("figures")) if (f.get("figure").asText().equals("traffic.rx_pps")) rx = f;
        assertEquals(900, rx.get("delta").asDouble(), 1e-9);
    }

    private void compare() {
        vm.compare(vm.runs().get(1), vm.runs().get(0));
        Eventually.await("the comparison", Duration.ofSeconds(10), vm::comparing);
    }

    @Test
    void aComparisonSaysWhichSettingsDiffer() {
        compare();
        assertEquals(List.of(new SettingDifference("traffic.rate_pps", "10000", "20000"),
                new SettingDifference("traffic.packet_size", "64", "1400")), List.copyOf(vm.settingDifferences()));
        assertTrue(vm.statusProperty().get().endsWith("2 setting(s) differ"), vm.statusProperty().get());
        vm.open(vm.runs().getFirst());
        Eventually.await("the run", Duration.ofSeconds(10), () -> vm.openedProperty().get() != null);
        assertEquals(List.of(), List.copyOf(vm.settingDifferences()), "one run: nothing to differ from");
    }

    @Test
    void whenNoBrowserOpensTheReportTheStatusSaysWhyAndWhereTheFileIs() throws Exception {
        Path report = Files.writeString(runs.resolve("20261122-020000-xdp-test/report.html"), "<html></html>");
        ResultsViewModel withBrowser = new ResultsViewModel(new HistoryRunArchive(), new BackgroundTasks(Runnable::run), r -> {
            throw new java.io.IOException("xdg-open could not open it (exit 3: no method available)");
        });
        boolean[] done = new boolean[1];
        withBrowser.openReport(report, () -> done[0] = true);
        Eventually.await("the answer", Duration.ofSeconds(10), () -> done[0]);
        assertEquals("Could not open the report: xdg-open could not open it (exit 3: no method available). It is at " + report
                + " (open it in any browser).", withBrowser.statusProperty().get());
    }

    @Test
    void runsWrittenElsewhereAreListedFromTheirDirectory(@TempDir Path elsewhere) throws Exception {
        Path other = runs;
        runs = elsewhere;
        write("20261123-090000-ci-run", "ci-run", 5_000, 0.0);
        runs = other;
        boolean[] done = new boolean[1];
        vm.showRunsIn(elsewhere, () -> done[0] = true);
        Eventually.await("the other runs", Duration.ofSeconds(10), () -> done[0]);
        assertEquals(List.of("20261123-090000-ci-run"), vm.runs().stream().map(RunRecord::id).toList());
        assertEquals("1 run in " + elsewhere.toAbsolutePath(), vm.statusProperty().get());
    }
}
