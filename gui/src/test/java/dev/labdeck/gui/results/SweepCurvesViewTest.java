package dev.labdeck.gui.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.results.RunStatus;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.SummaryJson;
import dev.labdeck.controller.results.TrafficSummary;
import dev.labdeck.controller.sweep.SearchSummary;
import dev.labdeck.controller.sweep.StepFigures;
import dev.labdeck.controller.sweep.SweepSummary;
import dev.labdeck.controller.sweep.ThroughputSearch;
import dev.labdeck.gui.engine.HistoryRunArchive;
import dev.labdeck.gui.task.BackgroundTasks;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.testkit.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Results view draws a sweep's and a search's curves from run directories written with the
 * controller's own records (as a run writes them), and hides them for a run that measured once.
 */
@ExtendWith(ApplicationExtension.class)
class SweepCurvesViewTest {
    @TempDir static Path runs;
    private ResultsView view;
    private ResultsViewModel vm;

    @Start
    void start(Stage stage) {
        vm = new ResultsViewModel(new HistoryRunArchive(), new BackgroundTasks(Platform::runLater));
        view = new ResultsView(vm);
        stage.setScene(new Scene(view, 1200, 900));
        stage.show();
    }

    /** Three rates, without and with XDP: the baseline loses above 150k pps, XDP above 400k. */
    private static Path sweepRun() throws Exception {
        List<StepFigures> steps = new ArrayList<>();
        for (boolean xdp : new boolean[] {false, true}) {
            for (long rate : new long[] {10_000, 100_000, 1_000_000}) {
                double rx = Math.min(rate, xdp ? 400_000 : 150_000);
                steps.add(new StepFigures("64B-" + rate + (xdp ? "-xdp" : "-baseline"), rate, 64, xdp, rate * 2, (long) rx * 2,
                        rate * 2 - (long) rx * 2, rate, rx, 100.0 * (rate - rx) / rate, false, 40.0,
                        Map.of("0", rate / 20_000.0, "1", 3.0), 0, 2000, "measured", 20.0 + rate / 10_000.0, 90.0 + rate / 5_000.0));
            }
        }
        return write("20261126-100000-sweep", Map.of("sweep", ProtocolJson.mapper().valueToTree(new SweepSummary(List.of("rate", "xdp"), steps))));
    }

    private static Path searchRun() throws Exception {
        List<ThroughputSearch.TrialOutcome> trials = List.of(
                ThroughputSearch.TrialOutcome.of(1_000_000, 61_000, 61_000, 122_000, 122_000, 0, true, 0.5));
        SearchSummary s = new SearchSummary(0.5, "2%", "2s", 1_000_000, List.of(new SearchSummary.Result(64, null, 61_000L, true,
                "the generator was the limit: it sent at most 61,000 pps", trials)));
        return write("20261126-110000-search", Map.of("search", ProtocolJson.mapper().valueToTree(s)));
    }

    private static Path write(String id, Map<String, com.fasterxml.jackson.databind.JsonNode> sections) throws Exception {
        Path dir = Files.createDirectories(runs.resolve(id));
        TrafficSummary t = new TrafficSummary(100_000, 100_000, 0, 10_000, 10_000, 0, 6_400_000, 6_400_000, 0, 0, 1_000, 11_000, List.of());
        SummaryJson.write(new RunSummary(RunStatus.PASSED, id.substring(16), id, "2026-11-26T10:00:00Z", "2026-11-26T10:00:30Z",
                dir.toString(), Map.of(), t, List.of(), null, null, sections), dir);
        return dir;
    }

    private void open(FxRobot robot, String id) {
        boolean[] listed = new boolean[1];
        robot.interact(() -> {
            vm.runsDirectoryProperty().set(runs);
            vm.refresh(() -> listed[0] = true);
        });
        Eventually.await("the runs listed", Duration.ofSeconds(10), () -> listed[0]);
        robot.interact(() -> vm.open(vm.runs().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow()));
    }

    @Test
    void aSweepShowsItsCurvesWithXdpAndBaselineOnOneChart(FxRobot robot) throws Exception {
        sweepRun();
        write("20261126-090000-single", Map.of());
        open(robot, "20261126-100000-sweep");
        SweepCurvesView curves = robot.lookup("#sweep-curves").queryAs(SweepCurvesView.class);
        TabPane tabs = robot.lookup("#sweep-tabs").queryAs(TabPane.class);
        Eventually.await("the sweep's curves", Duration.ofSeconds(10), () -> WaitForAsyncUtils.asyncFx(() -> tabs.getTabs().size()).get() == 4);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(curves.isVisible());
        assertEquals(List.of("Received", "Loss", "One-way latency", "Sink CPU per core"),
                tabs.getTabs().stream().map(t -> t.getText()).toList());

        @SuppressWarnings("unchecked")
        LineChart<Number, Number> rx = (LineChart<Number, Number>) tabs.getTabs().get(0).getContent();
        assertEquals(List.of("sent (no loss)", "64 B, baseline: received", "64 B, XDP: received"),
                rx.getData().stream().map(XYChart.Series::getName).toList());
        // what the steps received, at their offered rates (log10 on the axis: 10k … 1M spans two decades)
        XYChart.Series<Number, Number> xdp = rx.getData().get(2);
        assertEquals(List.of(10_000.0, 100_000.0, 400_000.0), xdp.getData().stream().map(d -> d.getYValue().doubleValue()).toList());
        assertEquals(List.of(4.0, 5.0, 6.0), xdp.getData().stream().map(d -> d.getXValue().doubleValue()).toList());
        assertEquals("1M", ((NumberAxis) rx.getXAxis()).getTickLabelFormatter().toString(6.0));

        // for a person to look at: target/screenshots/sweep-curves.png
        Path png = Path.of("target", "screenshots", "sweep-curves.png");
        Files.createDirectories(png.getParent());
        robot.interact(() -> {
            try {
                dev.labdeck.gui.screenshot.Snapshot.write(view.getScene(), png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(Files.size(png) > 0);

        @SuppressWarnings("unchecked")
        LineChart<Number, Number> latency = (LineChart<Number, Number>) tabs.getTabs().get(2).getContent();
        assertEquals(List.of("64 B, baseline: p50", "64 B, baseline: p99", "64 B, XDP: p50", "64 B, XDP: p99"),
                latency.getData().stream().map(XYChart.Series::getName).toList());

        // a run that measured once: no curves
        open(robot, "20261126-090000-single");
        Eventually.await("the curves hidden", Duration.ofSeconds(10), () -> WaitForAsyncUtils.asyncFx(() -> !curves.isVisible()).get());
        assertFalse(curves.isManaged());
    }

    @Test
    void aSearchShowsItsAnswerAndNamesTheGenerator(FxRobot robot) throws Exception {
        searchRun();
        open(robot, "20261126-110000-search");
        TabPane tabs = robot.lookup("#sweep-tabs").queryAs(TabPane.class);
        Eventually.await("the search's answer", Duration.ofSeconds(10),
                () -> WaitForAsyncUtils.asyncFx(() -> !tabs.getTabs().isEmpty()).get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Throughput search", tabs.getTabs().getFirst().getText());
        @SuppressWarnings("unchecked")
        TableView<SweepResults.SearchRow> table = (TableView<SweepResults.SearchRow>) tabs.getTabs().getFirst().getContent();
        SweepResults.SearchRow row = table.getItems().getFirst();
        assertEquals(61_000L, row.throughputPps());
        assertTrue(row.generatorLimited());
        assertEquals("generator", table.getColumns().get(3).getCellData(0));
        assertEquals("61,000", table.getColumns().get(2).getCellData(0));
    }
}
