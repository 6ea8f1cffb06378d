package dev.labdeck.gui.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.gui.engine.HistoryRunArchive;
import dev.labdeck.gui.task.BackgroundTasks;
import dev.labdeck.gui.theme.Theme;
import dev.labdeck.testkit.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The runs table as a user reads it in the app's first window size: every figure and heading whole,
 * never cut to "19,9…" or "Sta…", however long the profile's name or large the rate.
 */
@ExtendWith(ApplicationExtension.class)
class ResultsTableTest {
    @TempDir static Path runs;

    @Start
    void start(Stage stage) throws Exception {
        ResultsViewModelTest.write(runs, "20261122-010000-lab-in-a-box-memif-http-pcap", "lab-in-a-box-memif-http-pcap", 1_234_567.8, 0.125);
        ResultsViewModelTest.write(runs, "20261122-020000-local-loopback", "local-loopback", 8_361.1, 0);
        ResultsViewModel vm = new ResultsViewModel(new HistoryRunArchive(), new BackgroundTasks(Platform::runLater), r -> {
            throw new java.io.IOException("no browser in this test");
        });
        vm.runsDirectoryProperty().set(runs);
        Scene scene = new Scene(new ResultsView(vm), 1360, 860);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
        vm.refresh();
    }

    @Test
    void everyFigureAndHeadingOfTheRunsTableIsShownWhole(FxRobot robot) {
        TableView<RunRecord> table = robot.lookup("#runs-table").queryTableView();
        Eventually.await("both runs listed", Duration.ofSeconds(20), () -> table.getItems().size() == 2);
        List<String> cut = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        Eventually.await("the table laid out with its figures", Duration.ofSeconds(20), () -> {
            cut.clear();
            seen.clear();
            robot.interact(() -> {
                table.layout();
                for (Node n : table.lookupAll(".table-cell")) collect(n, seen, cut);
                for (Node n : table.lookupAll(".column-header .label")) collect(n, seen, cut);
            });
            return seen.contains("1,234,568") && seen.contains("lab-in-a-box-memif-http-pcap") && seen.contains("Status");
        }, () -> "seen " + seen);
        assertTrue(seen.contains("8,361") && seen.contains("0.125") && seen.contains("Duration s"), seen.toString());
        assertTrue(seen.contains("20,000") && seen.contains("1,400"), "settings written as the figures are: " + seen);
        assertEquals(List.of(), cut, "cut off on screen (shown → whole)");

        // the two compared: the heading naming both, the settings that differ and every figure, whole
        robot.interact(() -> table.getSelectionModel().selectAll());
        robot.clickOn("#compare");
        TableView<?> diffs = robot.lookup("#differences").queryTableView();
        Eventually.await("the comparison laid out", Duration.ofSeconds(20), () -> {
            cut.clear();
            seen.clear();
            robot.interact(() -> {
                robot.lookup("#results-view").query().getScene().getRoot().layout();
                for (Node n : robot.lookup("#results-view .heading").queryAll()) collect(n, seen, cut);
                for (String t : List.of("#differences", "#setting-differences")) {
                    for (Node n : robot.lookup(t).query().lookupAll(".table-cell")) collect(n, seen, cut);
                    for (Node n : robot.lookup(t).query().lookupAll(".column-header .label")) collect(n, seen, cut);
                }
            });
            return !diffs.getItems().isEmpty() && seen.contains("traffic.rate_pps") && seen.contains("traffic.foreign_packets")
                    && seen.stream().anyMatch(x -> x.startsWith("A: "));
        }, () -> "seen " + seen);
        assertEquals(List.of(), cut, "cut off in the comparison (shown → whole)");
    }

    private static void collect(Node n, List<String> seen, List<String> cut) {
        if (!(n instanceof Labeled l) || l.getText() == null || l.getText().isEmpty() || !l.isVisible()) return;
        seen.add(l.getText());
        Node shown = l.lookup(".text");
        if (shown instanceof Text t && !t.getText().equals(l.getText())) cut.add(t.getText() + " → " + l.getText());
    }
}
