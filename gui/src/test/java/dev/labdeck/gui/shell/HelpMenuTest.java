package dev.labdeck.gui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.gui.engine.ControllerProfileFiles;
import dev.labdeck.gui.theme.Theme;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Help as a person uses it: F1 lists the keys the menus answer to; the guides open in the system's viewer, or it says why not. */
@ExtendWith(ApplicationExtension.class)
class HelpMenuTest {
    @TempDir Path dir;
    LabDeckWindow window;
    final List<Path> opened = new CopyOnWriteArrayList<>();
    volatile String refusal;

    @Start
    void start(Stage stage) {
        window = new LabDeckWindow(new LabDeckWindow.Settings(Prerequisites.repoRoot(), dir.resolve("runs"), dir.resolve("recent"), Theme.LIGHT),
                new ControllerProfileFiles(), p -> {
                    if (refusal != null) throw new java.io.IOException(refusal);
                    opened.add(p);
                    return "in a test viewer";
                });
        stage.setScene(window.scene());
        stage.show();
    }

    static DialogPane dialog(FxRobot robot, String id) {
        Eventually.await("the dialog " + id, Duration.ofSeconds(10), () -> robot.lookup("#" + id).tryQuery().isPresent());
        return robot.lookup("#" + id).queryAs(DialogPane.class);
    }

    @Test
    void f1ListsEveryShortcutTheMenusHave(FxRobot robot) {
        EditorDefectsTest.shortcut(robot, KeyCode.F1);
        String text = dialog(robot, "help-shortcuts").getContentText();
        MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
        int keys = 0;
        for (Menu m : bar.getMenus()) {
            for (var item : m.getItems()) {
                if (item.getAccelerator() != null && item.isVisible()) {
                    keys++;
                    assertTrue(text.contains(item.getAccelerator().getDisplayText() + "  " + m.getText() + " → " + item.getText()),
                            item.getText() + " not listed in:\n" + text);
                }
            }
        }
        assertTrue(keys >= 12, "open, save, save as, quit, undo, redo, preflight?, run, abort, 4 views, F1: " + keys);
        assertTrue(text.contains("F5  Run → Run") && text.contains("Ctrl+Z  Edit → Undo") && text.contains("F1  Help → Keyboard shortcuts"), text);
        robot.clickOn("OK");
    }

    void help(FxRobot robot, String item) {
        robot.clickOn("Help");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(item);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theProfileFieldsGuideOpensInTheViewerOrSaysWhereItIs(FxRobot robot) {
        help(robot, "Profile fields (docs/profile-fields.md)");
        Path guide = Prerequisites.repoRoot().resolve("docs").resolve("profile-fields.md");
        Eventually.await("the guide handed to the viewer", Duration.ofSeconds(10), () -> opened.equals(List.of(guide)), opened::toString);

        refusal = "xdg-open: no method available for opening '" + guide + "'";
        help(robot, "User guide (README.md)");
        String why = dialog(robot, "help-cannot-open").getContentText();
        assertTrue(why.contains(Prerequisites.repoRoot().resolve("README.md").toString()) && why.contains("xdg-open: no method available"), why);
        assertEquals(1, opened.size(), "nothing more opened");
        robot.clickOn("OK");

        help(robot, "About LabDeck");
        String about = dialog(robot, "help-about").getContentText();
        assertTrue(about.contains("Java " + System.getProperty("java.version")) && about.contains("labdeck.log"), about);
    }
}
