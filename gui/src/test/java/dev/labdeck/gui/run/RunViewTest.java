package dev.labdeck.gui.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.gui.engine.ControllerProfileFiles;
import dev.labdeck.gui.lab.LabViewModelTest;
import dev.labdeck.gui.profile.ProfileDocument;
import dev.labdeck.gui.profile.RecentFiles;
import dev.labdeck.gui.task.BackgroundTasks;
import dev.labdeck.gui.theme.Theme;
import dev.labdeck.protocol.Metrics;
import dev.labdeck.protocol.Sample;
import dev.labdeck.testkit.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Run view on screen (JavaFX's Headless platform), fed as the engine feeds it. */
@ExtendWith(ApplicationExtension.class)
class RunViewTest {
    @TempDir static Path dir;
    RunViewModel vm;
    RunView view;
    ProfileDocument doc;
    final AtomicReference<RunUpdates> updates = new AtomicReference<>();

    @Start
    void start(Stage stage) throws Exception {
        // engine callbacks arrive on other threads and are handed to the FX thread, as in the app
        BackgroundTasks direct = new BackgroundTasks(javafx.application.Platform::runLater);
        doc = new ProfileDocument(new ControllerProfileFiles(), direct, new RecentFiles(dir.resolve("recent")));
        doc.show(ProfileLoader.parse(LabViewModelTest.LAB, "lab.yaml"), null, false);
        vm = new RunViewModel(doc, (profile, mode, u) -> {
            updates.set(u);
            return () -> {};
        }, direct);
        view = new RunView(vm, vm::run, vm::abort, new SimpleObjectProperty<>(Theme.LIGHT));
        Scene scene = new Scene(view, 1280, 800);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
    }

    private RunUpdates run(FxRobot robot) {
        updates.set(null);
        robot.interact(() -> vm.run());
        Eventually.await("the run to start", Duration.ofSeconds(20), () -> updates.get() != null && vm.isRunning());
        return updates.get();
    }

    /** The label's text, read on the FX thread: a poll from the test thread must not walk the scene graph while it changes. */
    private static String text(FxRobot robot, String id) {
        try {
            return org.testfx.util.WaitForAsyncUtils.asyncFx(() -> robot.lookup("#" + id).queryAs(Label.class).getText())
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("reading #" + id + " on the FX thread", e);
        }
    }

    private static Bounds onScreen(Node n) {
        return n.localToScene(n.getBoundsInLocal());
    }

    @Test
    void tilesCarryUnitsKeepAxisLabelsOffTheLineEndOnTheResultAndStartCleanNextRun(FxRobot robot) {
        RunUpdates u = run(robot);
        u.phase(RunPhase.MEASURE);
        for (int i = 0; i < 10; i++) {
            long t = 1000L * (i + 1);
            u.samples("src", List.of(new Sample(t, Metrics.TRAFFIC_TX_PPS, Map.of(), 10_000 + i * 100)));
            u.samples("dst", List.of(new Sample(t, Metrics.SINK_RX_PPS, Map.of(), 9_000), new Sample(t, Metrics.CPU_TOTAL_UTIL, Map.of(), 55)));
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("10,900", text(robot, "tile-tx-value"));
        assertEquals("packets/s", text(robot, "tile-tx-unit"));
        assertEquals("% busy", text(robot, "tile-cpu-unit"));
        assertEquals("% of sent", text(robot, "tile-loss-unit"));
        assertEquals("last sample", text(robot, "tile-tx-caption"));
        assertEquals("11k", text(robot, "tile-tx-max"));
        assertEquals("0", text(robot, "tile-tx-min"));
        FigureTile tx = robot.lookup("#tile-tx").queryAs(FigureTile.class);
        assertEquals(10, tx.sparkPoints());
        Canvas line = robot.from(tx).lookup((Node n) -> n instanceof Canvas).queryAs(Canvas.class);
        for (String axis : List.of("tile-tx-max", "tile-tx-min")) {
            Bounds label = onScreen(robot.lookup("#" + axis).query());
            assertFalse(label.intersects(onScreen(line)), axis + " " + label + " overlaps the line's canvas " + onScreen(line));
        }

        u.phase(RunPhase.TEARDOWN);
        u.finished(new RunOutcome("passed", "ok", dir, null, new RunFigures(9_987.4, 9_950.6, 0.371, 41.25, 10_000)));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("9,987", text(robot, "tile-tx-value"), "the run's result, not the last second's 10,900");
        assertEquals("9,951", text(robot, "tile-rx-value"));
        assertEquals("0.371", text(robot, "tile-loss-value"));
        assertEquals("41.3", text(robot, "tile-cpu-value"));
        assertEquals("run result: mean over MEASURE, 99.9% of the 10,000 asked", text(robot, "tile-tx-caption"));
        assertEquals("run result: mean of dst's cores over MEASURE", text(robot, "tile-cpu-caption"));
        assertEquals(10, tx.sparkPoints(), "the result is not a sample");
        eu.hansolo.tilesfx.Tile rate = robot.lookup("#tile-rate").queryAs(eu.hansolo.tilesfx.Tile.class);
        assertEquals(99.874, rate.getValue(), 1e-9, "the TilesFX gauge shows the share of the asked rate the source reached");
        assertEquals("run result: mean over MEASURE (10,000 pps)", rate.getText());

        run(robot);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("–", text(robot, "tile-tx-value"));
        assertEquals("", text(robot, "tile-tx-max"), "no axis labels left over from the last run");
        assertEquals(0, tx.sparkPoints());
        assertEquals("waiting for samples", text(robot, "tile-tx-caption"));
        assertEquals(0, rate.getValue(), 1e-9, "the gauge starts again at 0");
        assertEquals("waiting for samples", rate.getText());
    }

    @Test
    void aRunThatMeasuredNothingSaysSoOnItsTiles(FxRobot robot) {
        RunUpdates u = run(robot);
        u.samples("src", List.of(new Sample(1000, Metrics.TRAFFIC_TX_PPS, Map.of(), 500)));
        u.finished(new RunOutcome("error", "src: deploy: no route", dir, null));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("–", text(robot, "tile-tx-value"));
        assertEquals("not measured in this run", text(robot, "tile-tx-caption"));
        // the sample from before the failure is not the run's figure: no line, no axis labels under "not measured"
        assertEquals("", text(robot, "tile-tx-max"), "no axis label left under 'not measured'");
        assertEquals("", text(robot, "tile-tx-min"));
    }

    @Test
    void theProgressLineShowsPhaseAndRunTimeLeft(FxRobot robot) {
        RunUpdates u = run(robot);
        u.phase(RunPhase.PLAN);
        u.phase(RunPhase.MEASURE);
        // the view's own pulse ticks the clock
        Eventually.await("MEASURE's time left", Duration.ofSeconds(10),
                () -> text(robot, "phase-progress").matches("MEASURE  \\d\\.\\d s of 2\\.0 s · (\\d\\.\\d s left|finishing)"),
                () -> text(robot, "phase-progress"));
        Eventually.await("the run's time left", Duration.ofSeconds(10),
                () -> text(robot, "run-progress").matches("Run  0:\\d\\d elapsed · at least 0:0[0-2] left .*"),
                () -> text(robot, "run-progress"));
        assertTrue(robot.lookup("#run-progress").query().isVisible());
    }

    private static java.util.Set<String> strokes(LineChart<Number, Number> chart) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (XYChart.Series<Number, Number> s : chart.getData()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("-fx-stroke: (#[0-9a-f]{6})").matcher(s.getNode().getStyle());
            assertTrue(m.find(), s.getName() + " has no colour of its own: " + s.getNode().getStyle());
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void manyLinesGetTheirOwnColoursAndArePickedByHostAndByLine(FxRobot robot) {
        RunUpdates u = run(robot);
        for (long t : new long[] {1000, 2000}) {
            List<Sample> src = new java.util.ArrayList<>();
            for (int i = 0; i < 9; i++) {
                src.add(new Sample(t, Metrics.IF_RX_PPS, Map.of("iface", "veth" + i), 100 + i));
                src.add(new Sample(t, Metrics.IF_TX_PPS, Map.of("iface", "veth" + i), 200 + i));
            }
            u.samples("src", src);
            u.samples("dst", List.of(new Sample(t, Metrics.IF_RX_PPS, Map.of("iface", "veth-dst"), 5),
                    new Sample(t, Metrics.IF_TX_PPS, Map.of("iface", "veth-dst"), 6)));
        }
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            view.showChart(ChartKind.INTERFACE);
            view.redrawAll();
        });
        LineChart<Number, Number> chart = view.chartOf(ChartKind.INTERFACE);
        assertEquals(20, chart.getData().size());
        assertEquals(20, strokes(chart).size(), "20 lines, 20 colours");
        assertEquals(20, robot.lookup("#chart-legend-interface .check-box").queryAll().size());

        ChoiceBox<String> host = robot.lookup("#chart-host-interface").queryAs(ChoiceBox.class);
        robot.interact(() -> host.setValue("dst"));
        assertEquals(List.of("veth-dst rx", "veth-dst tx"), chart.getData().stream().map(XYChart.Series::getName).toList());
        CheckBox tx = robot.lookup("#chart-legend-interface .check-box").lookup((Node n) -> n instanceof CheckBox c && "veth-dst tx".equals(c.getText()))
                .queryAs(CheckBox.class);
        robot.clickOn(tx);
        assertEquals(List.of("veth-dst rx"), chart.getData().stream().map(XYChart.Series::getName).toList());
        robot.clickOn(tx);
        assertEquals(2, chart.getData().size());
    }

    @Test
    void achievedVersusRequestedLatencyAndHttpHaveTheirCharts(FxRobot robot) {
        RunUpdates u = run(robot);
        for (long t : new long[] {1000, 2000}) {
            u.samples("src", List.of(new Sample(t, Metrics.TRAFFIC_TX_PPS, Map.of(), 900),
                    new Sample(t, Metrics.HTTP_REQUESTS_PER_S, Map.of(), 4_200),
                    new Sample(t, Metrics.HTTP_LATENCY_US, Map.of("quantile", "p50"), 310),
                    new Sample(t, Metrics.HTTP_LATENCY_US, Map.of("quantile", "p99"), 1_900)));
            u.samples("dst", List.of(new Sample(t, Metrics.SINK_RX_PPS, Map.of(), 880),
                    new Sample(t, Metrics.SINK_LATENCY_P99_US, Map.of(), 75)));
        }
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> view.redrawAll());
        LineChart<Number, Number> rate = view.chartOf(ChartKind.RATE);
        Map<String, List<Number>> lines = new java.util.TreeMap<>();
        rate.getData().forEach(s -> lines.put(s.getName(), s.getData().stream().map(XYChart.Data::getYValue).toList()));
        assertEquals(Map.of("requested", List.of(1000.0, 1000.0), "src sent", List.of(900.0, 900.0), "dst received", List.of(880.0, 880.0)),
                Map.copyOf(lines), "the profile asks for 1,000 pps");
        assertTrue(rate.getData().stream().filter(s -> s.getName().equals("requested")).findFirst().orElseThrow().getNode().getStyle()
                .contains("-fx-stroke-dash-array"), "the requested rate is dashed");
        assertEquals(List.of("src HTTP p50", "src HTTP p99", "dst UDP p99"),
                view.chartOf(ChartKind.LATENCY).getData().stream().map(XYChart.Series::getName).toList());
        assertEquals(List.of("src requests/s"), view.chartOf(ChartKind.HTTP).getData().stream().map(XYChart.Series::getName).toList());
    }

    @Test
    void anHttpLoadHasALiveRequestsTileAndTheServicesFiguresGetTilesAtTheEnd(FxRobot robot) throws Exception {
        var http = ProfileLoader.load(dev.labdeck.testkit.Prerequisites.repoRoot().resolve("profiles/lab-in-a-box-memif-http.yaml"));
        robot.interact(() -> doc.show(http, null, false));
        Eventually.await("the HTTP profile to be open", Duration.ofSeconds(10), () -> doc.profile().http() != null);
        RunUpdates u = run(robot);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("waiting for samples", text(robot, "tile-http-caption"));
        assertEquals("requests/s", text(robot, "tile-http-unit"));
        u.phase(RunPhase.MEASURE);
        u.samples("src", List.of(new Sample(1000, Metrics.HTTP_REQUESTS_PER_S, Map.of(), 1200)));
        u.samples("src", List.of(new Sample(2000, Metrics.HTTP_REQUESTS_PER_S, Map.of(), 1300)));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("1,300", text(robot, "tile-http-value"));
        assertEquals("last sample", text(robot, "tile-http-caption"));

        u.finished(new RunOutcome("passed", "ok", dir, null, new RunFigures(Double.NaN, Double.NaN, Double.NaN, 12.5, 0, List.of(
                new RunFigures.Figure("http.requests_per_s", "HTTP requests", "requests/s", 1250.4, null),
                new RunFigures.Figure("http.latency_us.p99", "HTTP latency p99", "µs", 850, null),
                new RunFigures.Figure("services.client.figures.rps", "client · rps", "", 1249.9, null),
                new RunFigures.Figure("services.client.figures.p99", "client · p99", "", Double.NaN, "no match of 'p99: ([0-9]+)'")))));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("1,250", text(robot, "tile-http-value"), "summary.json's http.requests_per_s, not the last sample");
        assertEquals("run result: summary.json http.requests_per_s", text(robot, "tile-http-caption"));
        assertEquals("850", text(robot, "tile-http-latency_us-p99-value"));
        assertEquals("µs", text(robot, "tile-http-latency_us-p99-unit"));
        assertEquals("1,249.90", text(robot, "tile-services-client-figures-rps-value"));
        assertEquals("run result: summary.json services.client.figures.rps", text(robot, "tile-services-client-figures-rps-caption"));
        assertEquals("–", text(robot, "tile-services-client-figures-p99-value"));
        assertEquals("not read: no match of 'p99: ([0-9]+)'", text(robot, "tile-services-client-figures-p99-caption"));
        assertTrue(robot.lookup("#more-tiles").query().isVisible());

        var udp = ProfileLoader.parse(LabViewModelTest.LAB, "lab.yaml");
        robot.interact(() -> doc.show(udp, null, false));
        Eventually.await("the UDP profile to be open", Duration.ofSeconds(10), () -> doc.profile().http() == null);
        run(robot);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#more-tiles").query().isVisible(), "no HTTP load, no service figures: no second row");
        assertTrue(robot.lookup("#tile-http").tryQuery().isEmpty());
    }
}
