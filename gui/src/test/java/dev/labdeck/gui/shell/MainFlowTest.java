package dev.labdeck.gui.shell;

import dev.labdeck.controller.results.RunStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.gui.engine.ControllerProfileFiles;
import dev.labdeck.gui.results.Difference;
import dev.labdeck.gui.results.RunRecord;
import dev.labdeck.gui.run.ChartKind;
import dev.labdeck.gui.run.RunOutcome;
import dev.labdeck.gui.theme.Theme;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import dev.labdeck.gui.run.FigureTile;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.SummaryJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.chart.LineChart;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app's main flow on JavaFX's Headless platform with a real agent through the local
 * transport: open the bundled loopback profile (shortened), run it with F5, watch tiles and
 * charts fill, see it end, find it in Results, and compare two runs.
 */
@ExtendWith(ApplicationExtension.class)
class MainFlowTest {
    static final Duration RUN_LIMIT = Duration.ofSeconds(60);

    @TempDir static Path dir;
    static Path home;
    LabDeckWindow window;

    @BeforeAll
    static void prerequisites() {
        home = Prerequisites.repoRoot();
        Path agent = home.resolve("remote-agent/target/labdeck-agent.jar");
        Prerequisites.require(Files.isRegularFile(agent), "the agent jar is not built (" + agent + "): run mvn verify, not only test");
    }

    @Start
    void start(Stage stage) {
        window = new LabDeckWindow(new LabDeckWindow.Settings(home, dir.resolve("runs"), dir.resolve("recent"), Theme.LIGHT),
                new ControllerProfileFiles(), p -> "nowhere (a test)");
        stage.setScene(window.scene());
        stage.show();
    }

    /**
     * The bundled local-loopback profile, shortened: 2 s at 2,000 pps, samples every 200 ms, on
     * free UDP ports (other runs on this machine may hold the bundled 12345-12348).
     */
    static Path shortLoopback() throws Exception {
        List<Integer> ports = new java.util.ArrayList<>();
        List<java.net.DatagramSocket> held = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
                held.add(s);
                ports.add(s.getLocalPort());
            }
        } finally {
            held.forEach(java.net.DatagramSocket::close);
        }
        String yaml = Files.readString(home.resolve("profiles/local-loopback.yaml"))
                .replace("ports: [12345, 12346, 12347, 12348]", "ports: " + ports)
                .replace("name: local-loopback", "name: gui-flow")
                .replace("rate_pps: 10000", "rate_pps: 2000")
                .replace("duration: 10s", "duration: 2s")
                .replace("sample_interval: 1s", "sample_interval: 200ms")
                // a loaded machine can take seconds to start the agent: keep the dead-man switch patient
                .replace("\nhosts:\n", "\nagent:\n  heartbeat_timeout: 60s\nhosts:\n");
        assertTrue(yaml.contains("ports: " + ports) && yaml.contains("duration: 2s") && yaml.contains("heartbeat_timeout: 60s"),
                "the bundled profile changed:\n" + yaml);
        Path p = dir.resolve("gui-flow.yaml");
        Files.writeString(p, yaml);
        return p;
    }

    @Test
    void opensRunsWatchesAndComparesTwoRuns(FxRobot robot) throws Exception {
        Path profile = shortLoopback();
        robot.interact(() -> window.view().open(profile));
        Eventually.await("the profile to open", Duration.ofSeconds(20), () -> window.document().profile() != null);
        Eventually.await("the profile to be checked", Duration.ofSeconds(20), () -> !window.document().yamlProperty().get().isEmpty());
        assertEquals(List.of(), List.copyOf(window.document().problems()));
        Eventually.await("the lab view to draw host local", Duration.ofSeconds(20), () -> robot.lookup("#host-local").tryQuery().isPresent());

        RunOutcome first = runWithF5(robot, true);
        assertEquals("passed", first.status(), first.message());
        // the tiles end on summary.json's figures, not on the last second
        RunSummary summary = SummaryJson.read(first.runDirectory().resolve(SummaryJson.FILE));
        WaitForAsyncUtils.waitForFxEvents();
        FigureTile txTile = robot.lookup("#tile-tx").queryAs(FigureTile.class);
        FigureTile rxTile = robot.lookup("#tile-rx").queryAs(FigureTile.class);
        assertEquals(summary.traffic().txPps(), txTile.value(), 1e-9);
        assertEquals(summary.traffic().rxPps(), rxTile.value(), 1e-9);
        assertTrue(txTile.caption().startsWith("run result: mean over MEASURE"), txTile.caption());
        RunOutcome second = runWithF5(robot, false);
        assertEquals("passed", second.status(), second.message());

        robot.clickOn("Results");
        TableView<RunRecord> runs = robot.lookup("#runs-table").queryTableView();
        Eventually.await("Results to list both runs", Duration.ofSeconds(20), () -> runs.getItems().size() == 2,
                () -> runs.getItems().toString());
        assertTrue(runs.getItems().stream().allMatch(r -> r.status() == RunStatus.PASSED && r.profile().equals("gui-flow")));
        robot.interact(() -> runs.getSelectionModel().selectAll());
        robot.clickOn("#compare");
        Eventually.await("the comparison", Duration.ofSeconds(20), () -> window.results().comparing());
        WaitForAsyncUtils.waitForFxEvents();
        List<Difference> diffs = List.copyOf(window.results().differences());
        Difference rx = diffs.stream().filter(d -> d.figure().equals("traffic.rx_pps")).findFirst().orElseThrow();
        assertTrue(rx.a() > 0 && rx.b() > 0, rx.toString());
        LineChart<?, ?> overlay = robot.lookup("#results-chart").query();
        Eventually.await("overlaid lines of A and B", Duration.ofSeconds(10), () -> overlay.getData().size() == 2);
        assertTrue(overlay.getData().get(0).getName().startsWith("A "));
        assertTrue(overlay.getData().get(1).getName().startsWith("B "));
    }

    private RunOutcome runWithF5(FxRobot robot, boolean watch) {
        AtomicReference<RunOutcome> outcome = new AtomicReference<>();
        robot.interact(() -> window.run().outcomeProperty().addListener((o, a, b) -> { if (b != null) outcome.compareAndSet(null, b); }));
        robot.type(KeyCode.F5);
        Eventually.await("the run to start", Duration.ofSeconds(10), () -> window.run().isRunning() || outcome.get() != null);
        if (watch) {
            FigureTile tx = robot.lookup("#tile-tx").queryAs(FigureTile.class);
            FigureTile rx = robot.lookup("#tile-rx").queryAs(FigureTile.class);
            Eventually.await("the tiles to show traffic", RUN_LIMIT, () -> tx.value() > 0 && rx.value() > 0 || outcome.get() != null,
                    () -> window.run().statusProperty().get());
            assertTrue(tx.value() > 0, "tx tile " + tx.value());
            assertTrue(rx.value() > 0, "rx tile " + rx.value());
            LineChart<?, ?> traffic = window.view().runView().chartOf(ChartKind.TRAFFIC);
            Eventually.await("the traffic chart to draw", Duration.ofSeconds(10),
                    () -> traffic.getData().stream().anyMatch(s -> s.getData().size() >= 2));
        }
        Eventually.await("the run to end", RUN_LIMIT, () -> outcome.get() != null, () -> window.run().statusProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        return outcome.get();
    }
}
