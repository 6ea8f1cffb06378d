package dev.labdeck.gui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.profile.LinkSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.gui.engine.ControllerProfileFiles;
import dev.labdeck.gui.lab.LabViewModelTest;
import dev.labdeck.gui.theme.Theme;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.nio.file.attribute.PosixFilePermissions;
import dev.labdeck.gui.lab.LabSelection;
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
                new ControllerProfileFiles(), p -> "nowhere (a test)");
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
    void withNoProfileOpenTheProblemsPanelSaysWhatItIsForNotThatAProfileIsAccepted(FxRobot robot) throws Exception {
        Label summary = robot.lookup("#validation-summary").queryAs(Label.class);
        Label placeholder = robot.lookup("#problems-placeholder").queryAs(Label.class);
        assertEquals("No profile open", summary.getText());
        assertTrue(summary.getStyleClass().contains("validation-none"), "shown as a problem: " + summary.getStyleClass());
        assertTrue(placeholder.getText().startsWith("Open a profile"), placeholder.getText());

        open(robot, file);
        assertEquals("Valid: ready to run", summary.getText());
        assertTrue(summary.getStyleClass().contains("validation-ok"), summary.getStyleClass().toString());
        assertEquals("No problems: labdeck validate accepts this profile.", placeholder.getText());
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

    static Path copy(Path dir, String bundled) throws Exception {
        Path f = dir.resolve(bundled);
        Files.copy(Prerequisites.repoRoot().resolve("profiles").resolve(bundled), f);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        return f;
    }

    void save(FxRobot robot) {
        shortcut(robot, KeyCode.CONTROL, KeyCode.S);
        Eventually.await("the save", Duration.ofSeconds(20), () -> !window.document().isDirty());
    }

    void select(FxRobot robot, LabSelection s) {
        robot.interact(() -> window.lab().select(s));
        WaitForAsyncUtils.waitForFxEvents();
    }

    List<String> problems() {
        WaitForAsyncUtils.waitForFxEvents();
        return List.copyOf(window.document().problems());
    }

    @Test
    void saveKeepsTheCommentedFileByteForByteApartFromTheChangeAndItsMode(FxRobot robot) throws Exception {
        Path f = copy(dir, "lab-in-a-box-memif.yaml");
        String before = Files.readString(f);
        open(robot, f);
        String lbs = window.document().profile().hosts().stream().flatMap(h -> h.services().stream().map(s -> h.name() + "/" + s.name()))
                .filter(x -> x.endsWith("/lb_s")).findFirst().orElseThrow();
        select(robot, new LabSelection.Service(lbs.substring(0, lbs.indexOf('/')), "lb_s"));
        String oldCores = editor(robot, "Cores").getText();
        type(robot, "Cores", "0");
        save(robot);
        String after = Files.readString(f);
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        assertEquals(a.size(), b.size(), after);
        List<Integer> changed = new java.util.ArrayList<>();
        for (int i = 0; i < a.size(); i++) if (!a.get(i).equals(b.get(i))) changed.add(i);
        assertEquals(1, changed.size(), "only the cores line changes: " + changed);
        assertEquals(a.get(changed.getFirst()).replace("[" + oldCores + "]", "[0]"), b.get(changed.getFirst()));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertTrue(before.endsWith("\n") == after.endsWith("\n"));
    }

    @Test
    void sixteenFlowsAreFixedInTheAppWithThePortsField(FxRobot robot) throws Exception {
        Path f = copy(dir, "local-loopback.yaml");
        open(robot, f);
        robot.clickOn("#lab-test-settings");
        type(robot, "Traffic flows", "16");
        Eventually.await("the flows/ports problem", Duration.ofSeconds(20), () -> problems().stream().anyMatch(p -> p.contains("16 flows")),
                () -> problems().toString());
        type(robot, "Traffic ports", "20000-20015");
        Eventually.await("no problems", Duration.ofSeconds(20), () -> problems().isEmpty(), () -> problems().toString());
        save(robot);
        Profile saved = ProfileLoader.load(f);
        assertEquals(16, saved.traffic().flows());
        assertEquals(20015, saved.traffic().ports().getLast());
        assertEquals(16, saved.traffic().ports().size());
    }

    @Test
    void badAddressesAreRejectedAsValidateRejectsThem(FxRobot robot) throws Exception {
        open(robot, file);
        select(robot, new LabSelection.Link("data"));
        for (String bad : List.of("999.1.2.3", "10.0.0.1/99", "300.1.1.1/24")) {
            type(robot, "End A address", bad);
            Eventually.await("a problem for " + bad, Duration.ofSeconds(20), () -> problems().stream().anyMatch(p -> p.contains(bad)), () -> problems().toString());
            List<String> shown = problems();
            Path saved = dir.resolve("bad.yaml");
            Files.writeString(saved, window.document().text());
            try {
                ProfileLoader.load(saved);
                throw new AssertionError("validate accepts " + bad);
            } catch (dev.labdeck.controller.profile.ProfileException e) {
                assertEquals(e.problems().stream().map(x -> x.message()).toList(),
                        shown.stream().map(x -> dev.labdeck.gui.profile.ProfileDocument.positionOf(x).message()).toList());
            }
        }
        // the problem is shown whole, and clicking it goes to the field
        robot.interact(() -> window.lab().select(null));
        javafx.scene.control.ListView<String> list = robot.lookup("#problems").queryListView();
        Node cell = robot.lookup("#problems .list-cell").lookup((javafx.scene.control.ListCell<?> c) -> c.getItem() != null).query();
        robot.clickOn(cell);
        Eventually.await("the link selected", Duration.ofSeconds(10), () -> new LabSelection.Link("data").equals(window.lab().selectionProperty().get()));
        Eventually.await("the address field focused", Duration.ofSeconds(10), () -> editor(robot, "End A address").isFocused());
        assertTrue(list.getItems().size() >= 1);
    }

    @Test
    void everyEditUndoesAndRedoes(FxRobot robot) throws Exception {
        open(robot, file);
        String original = window.document().text();
        select(robot, new LabSelection.Host("dst"));
        type(robot, "Address", "10.0.0.9");
        robot.interact(() -> window.lab().moveHost("src", 300, 200));
        robot.clickOn("#topology");
        assertEquals("10.0.0.9", window.document().profile().host("dst").orElseThrow().address());
        shortcut(robot, KeyCode.CONTROL, KeyCode.Z);
        assertEquals(null, window.document().profile().host("src").orElseThrow().position());
        shortcut(robot, KeyCode.CONTROL, KeyCode.Z);
        assertEquals("10.0.0.2", window.document().profile().host("dst").orElseThrow().address());
        assertEquals(original, window.document().text());
        assertTrue(!window.document().isDirty());
        shortcut(robot, KeyCode.CONTROL, KeyCode.Y);
        assertEquals("10.0.0.9", window.document().profile().host("dst").orElseThrow().address());
    }

    @Test
    void theYamlTabEditsTheProfileAndShowsErrorsAtTheirLine(FxRobot robot) throws Exception {
        open(robot, file);
        robot.clickOn("#tab-yaml");
        javafx.scene.control.TextArea yaml = robot.lookup("#yaml-editor").query();
        robot.interact(() -> yaml.setText(yaml.getText().replace("rate_pps: 1000", "rate_pps: 2500")));
        robot.clickOn("#topology");
        Eventually.await("the model to follow the text", Duration.ofSeconds(20), () -> window.document().profile().traffic().pps() == 2500);
        int line = (int) yaml.getText().lines().takeWhile(l -> !l.contains("flows: 2")).count() + 1;
        robot.interact(() -> yaml.setText(yaml.getText().replace("flows: 2", "flows: two")));
        robot.clickOn("#topology");
        Eventually.await("a problem at the line", Duration.ofSeconds(20), () -> problems().stream()
                .anyMatch(p -> dev.labdeck.gui.profile.ProfileDocument.positionOf(p).line() == line), () -> problems().toString());
        assertEquals(2500, window.document().profile().traffic().pps(), "the model keeps the last text that read as a profile");
    }

    @Test
    void removingAHostAsksFirstAndFlagsWhatPointedAtIt(FxRobot robot) throws Exception {
        open(robot, file);
        robot.clickOn("#host-dst");
        robot.clickOn("#remove-selected");
        javafx.scene.control.DialogPane dialog = robot.lookup("#confirm-remove").query();
        assertTrue(dialog.getContentText().contains("ethernet link data"), dialog.getContentText());
        assertTrue(dialog.getContentText().contains("traffic sink still names dst"), dialog.getContentText());
        robot.clickOn("Cancel");
        assertTrue(window.document().profile().host("dst").isPresent(), "Cancel keeps the host");
        robot.clickOn("#remove-selected");
        robot.clickOn("Remove host");
        assertTrue(window.document().profile().host("dst").isEmpty());
        Eventually.await("the traffic sink flagged", Duration.ofSeconds(20),
                () -> problems().stream().anyMatch(p -> p.contains("dst") && p.contains("sink")), () -> problems().toString());
        shortcut(robot, KeyCode.CONTROL, KeyCode.Z);
        assertTrue(window.document().profile().host("dst").isPresent(), "undo brings it back");
    }
}
