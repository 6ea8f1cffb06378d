package dev.labdeck.gui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.profile.LinkSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.gui.Eventually;
import dev.labdeck.gui.engine.ControllerProfileFiles;
import dev.labdeck.gui.lab.LabViewModelTest;
import dev.labdeck.gui.theme.Theme;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The editing defects of issue 14, each as a user meets them: clicks and keys on the real window,
 * the real profile loader and writer, files on disk.
 */
@ExtendWith(ApplicationExtension.class)
class EditorDefectsTest {
    @TempDir Path dir;
    LabDeckWindow window;
    Path file;

    @Start
    void start(Stage stage) {
        window = new LabDeckWindow(new LabDeckWindow.Settings(Prerequisites.repoRoot(), dir.resolve("runs"), dir.resolve("recent"), Theme.LIGHT),
                new ControllerProfileFiles(), p -> {});
        stage.setScene(window.scene());
        stage.show();
    }

    @BeforeEach
    void profile() throws Exception {
        file = dir.resolve("lab.yaml");
        Files.writeString(file, LabViewModelTest.LAB);
    }

    void open(FxRobot robot, Path profile) {
        robot.interact(() -> window.view().open(profile));
        Eventually.await("the profile to open", Duration.ofSeconds(20), () -> window.document().profile() != null);
        Eventually.await("the profile to be checked", Duration.ofSeconds(20), () -> !window.document().yamlProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The inspector's editor on the row whose label reads {@code label}. */
    static TextField editor(FxRobot robot, String label) {
        for (Node n : robot.lookup("#inspector .label").queryAll()) {
            if (n instanceof Label l && label.equals(l.getText()) && l.getParent() instanceof GridPane grid) {
                Integer row = GridPane.getRowIndex(l);
                for (Node c : grid.getChildren()) {
                    if (c != l && java.util.Objects.equals(GridPane.getRowIndex(c), row)) {
                        Node e = c instanceof TextField ? c : c.lookup(".text-field");
                        if (e instanceof TextField tf) return tf;
                    }
                }
            }
        }
        throw new AssertionError("no inspector field " + label);
    }

    /** Clicks the field, selects what is there, types {@code text} and presses Enter, as a user does. */
    static void type(FxRobot robot, String label, String text) {
        TextField tf = editor(robot, label);
        robot.clickOn(tf);
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.write(text);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    static void shortcut(FxRobot robot, KeyCode... keys) {
        robot.press(keys);
        for (int i = keys.length - 1; i >= 0; i--) robot.release(keys[i]);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void settingEndAThenEndBKeepsBothInterfaces(FxRobot robot) throws Exception {
        open(robot, file);
        robot.clickOn(robot.lookup("#topology .link-label").lookup((Label l) -> "data".equals(l.getText())).queryAs(Label.class));
        type(robot, "End A interface", "ethA");
        type(robot, "End B interface", "ethB");
        LinkSpec.Ethernet data = (LinkSpec.Ethernet) window.document().profile().links().getFirst();
        assertEquals("ethA", data.a().interfaceName(), data.toString());
        assertEquals("ethB", data.b().interfaceName(), data.toString());
        assertEquals("ethA", editor(robot, "End A interface").getText());
        assertEquals("ethB", editor(robot, "End B interface").getText());

        shortcut(robot, KeyCode.CONTROL, KeyCode.S);
        Eventually.await("the save", Duration.ofSeconds(20), () -> !window.document().isDirty());
        Profile saved = ProfileLoader.load(file);
        LinkSpec.Ethernet onDisk = (LinkSpec.Ethernet) saved.links().getFirst();
        assertEquals("ethA", onDisk.a().interfaceName());
        assertEquals("ethB", onDisk.b().interfaceName());
        assertTrue(Files.readString(file).contains("src:ethA/192.168.50.1"), Files.readString(file));
    }
}
