package dev.labdeck.gui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.gui.engine.ControllerProfileFiles;
import dev.labdeck.gui.results.RunRecord;
import dev.labdeck.gui.run.RunOutcome;
import dev.labdeck.gui.theme.Theme;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.TableView;
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
 * Preflight from the Run menu with a real agent through the local transport: a preflight that
 * finds every host ready says so and is not a run (nothing in Results, no threshold judged).
 */
@ExtendWith(ApplicationExtension.class)
class PreflightTest {
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

    @Test
    void aPassingPreflightIsAPreflightResultAndAddsNoRun(FxRobot robot) throws Exception {
        Path profile = dir.resolve("preflight.yaml");
        // the bundled profile keeps its threshold on traffic.loss_percent, which a preflight has no figure for
        Files.writeString(profile, Files.readString(home.resolve("profiles/local-loopback.yaml"))
                .replace("\nhosts:\n", "\nagent:\n  heartbeat_timeout: 60s\nhosts:\n"));
        robot.interact(() -> window.view().open(profile));
        Eventually.await("the profile to open", Duration.ofSeconds(20), () -> window.document().profile() != null);
        Eventually.await("the profile to be checked", Duration.ofSeconds(20), () -> !window.document().yamlProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.document().problems().isEmpty(), window.document().problems().toString());

        AtomicReference<RunOutcome> outcome = new AtomicReference<>();
        robot.interact(() -> window.run().outcomeProperty().addListener((o, a, b) -> { if (b != null) outcome.compareAndSet(null, b); }));
        robot.interact(() -> window.view().show(MainView.Page.RUN));
        robot.clickOn("#preflight");
        Eventually.await("the preflight to end", Duration.ofSeconds(90), () -> outcome.get() != null, () -> window.run().statusProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(RunOutcome.PREFLIGHT_PASSED, outcome.get().status(), outcome.get().message());
        assertTrue(window.run().statusProperty().get().startsWith("Preflight passed"), window.run().statusProperty().get());

        robot.interact(() -> window.view().show(MainView.Page.RESULTS));
        TableView<RunRecord> runs = robot.lookup("#runs-table").queryTableView();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, runs.getItems().size(), runs.getItems().toString());
        assertTrue(!Files.isDirectory(dir.resolve("runs")) || Files.list(dir.resolve("runs")).findAny().isEmpty(), "no run directory");
    }
}
