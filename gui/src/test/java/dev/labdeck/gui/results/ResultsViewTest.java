package dev.labdeck.gui.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labdeck.gui.engine.HistoryRunArchive;
import dev.labdeck.gui.task.BackgroundTasks;
import dev.labdeck.gui.theme.Theme;
import dev.labdeck.testkit.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The Results view on screen over run directories the controller's writers made. */
@ExtendWith(ApplicationExtension.class)
class ResultsViewTest {
    @TempDir static Path runs;
    ResultsViewModel vm;

    @Start
    void start(Stage stage) throws Exception {
        if (!Files.exists(runs.resolve("20261122-010000-xdp-test"))) {
            ResultsViewModelTest.write(runs, "20261122-010000-xdp-test", "xdp-test", 9_000, 1.0);
            ResultsViewModelTest.write(runs, "20261122-020000-xdp-test", "xdp-test", 9_900, 0.5);
            Files.writeString(runs.resolve("20261122-020000-xdp-test/report.html"), "<html></html>");
        }
        // a system where the opener finds no browser
        vm = new ResultsViewModel(new HistoryRunArchive(), new BackgroundTasks(Platform::runLater), r -> {
            throw new java.io.IOException("xdg-open could not open it (exit 3: no method available)");
        });
        vm.runsDirectoryProperty().set(runs);
        Scene scene = new Scene(new ResultsView(vm), 1280, 800);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
        vm.refresh();
    }

    @Test
    void comparingTwoRunsShowsTheSettingsThatDifferAndAReportThatCannotOpenSaysWhy(FxRobot robot) {
        TableView<RunRecord> table = robot.lookup("#runs-table").queryTableView();
        Eventually.await("both runs listed", Duration.ofSeconds(20), () -> table.getItems().size() == 2);
        robot.interact(() -> table.getSelectionModel().selectAll());
        robot.clickOn("#compare");
        TableView<SettingDifference> settings = robot.lookup("#setting-differences").queryTableView();
        Eventually.await("the settings that differ", Duration.ofSeconds(20), () -> settings.getItems().size() == 2 && settings.isVisible());
        assertEquals(List.of(new SettingDifference("traffic.rate_pps", "10000", "20000"),
                new SettingDifference("traffic.packet_size", "64", "1400")), List.copyOf(settings.getItems()));

        robot.clickOn("#results-open-report");
        Label status = robot.lookup("#results-status").queryAs(Label.class);
        Eventually.await("the reason on screen", Duration.ofSeconds(20), () -> status.getText().startsWith("Could not open the report"),
                status::getText);
        assertEquals("Could not open the report: xdg-open could not open it (exit 3: no method available). It is at "
                + runs.resolve("20261122-020000-xdp-test/report.html") + " (open it in any browser).", status.getText());
    }
}
