package dev.labdeck.gui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.profile.ServiceSpec;
import dev.labdeck.gui.engine.ControllerProfileFiles;
import dev.labdeck.gui.theme.Theme;
import dev.labdeck.protocol.ReadinessProbe;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A service's readiness and environment edited in the inspector's forms as a person does: a kind
 * picked from its choices, the kind's own fields typed, bad values refused with labdeck validate's
 * words, variables added, changed and removed in the table, Ctrl+Z, Ctrl+S — and the saved file
 * differs from the bundled one in exactly those lines.
 */
@ExtendWith(ApplicationExtension.class)
class ServiceFormsTest {
    @TempDir Path dir;
    LabDeckWindow window;

    @Start
    void start(Stage stage) {
        window = new LabDeckWindow(new LabDeckWindow.Settings(Prerequisites.repoRoot(), dir.resolve("runs"), dir.resolve("recent"), Theme.LIGHT),
                new ControllerProfileFiles(), p -> "nowhere (a test)");
        stage.setScene(window.scene());
        stage.setWidth(1400);
        stage.setHeight(900);
        stage.show();
    }

    void open(FxRobot robot, Path profile) {
        robot.interact(() -> window.view().open(profile));
        Eventually.await("the profile to open", Duration.ofSeconds(20), () -> window.document().profile() != null);
        Eventually.await("the profile to be checked", Duration.ofSeconds(20), () -> !window.document().yamlProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
    }

    ServiceSpec service(String name) {
        return window.document().profile().hosts().stream().flatMap(h -> h.services().stream())
                .filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** The inspector's control on the row labelled {@code label}, if the inspector has that row. */
    static Optional<Node> control(FxRobot robot, String label) {
        for (Node n : robot.lookup("#inspector .label").queryAll()) {
            if (n instanceof Label l && label.equals(l.getText()) && l.getParent() instanceof GridPane grid) {
                Integer row = GridPane.getRowIndex(l);
                for (Node c : grid.getChildren()) {
                    if (c != l && java.util.Objects.equals(GridPane.getRowIndex(c), row)) return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    String fieldError(FxRobot robot) {
        return robot.lookup("#field-error").queryAs(Label.class).getText();
    }

    /** Opens the choice on the row {@code label} and clicks {@code item} in its list. */
    @SuppressWarnings("unchecked")
    static void choose(FxRobot robot, String label, String item) {
        ComboBox<Object> box = (ComboBox<Object>) control(robot, label).orElseThrow(() -> new AssertionError("no inspector field " + label));
        InspectorFormsTest.reveal(robot, box);
        robot.clickOn(box);
        WaitForAsyncUtils.waitForFxEvents();
        Eventually.await("the list of " + label, Duration.ofSeconds(10), () -> cell(robot, item).isPresent());
        robot.clickOn(cell(robot, item).orElseThrow());
        WaitForAsyncUtils.waitForFxEvents();
    }

    static Optional<ListCell<?>> cell(FxRobot robot, String text) {
        for (javafx.stage.Window w : javafx.stage.Window.getWindows()) {
            if (!(w instanceof javafx.stage.PopupWindow) || !w.isShowing() || w.getScene() == null) continue;
            Optional<ListCell<?>> c = robot.from(w.getScene().getRoot()).lookup(".list-cell").queryAllAs(ListCell.class).stream()
                    .filter(x -> text.equals(x.getText()) && x.isVisible()).findFirst().map(x -> (ListCell<?>) x);
            if (c.isPresent()) return c;
        }
        return Optional.empty();
    }

    /** Clicks the table's text field {@code id}, replaces its text and presses Enter. */
    static void typeInto(FxRobot robot, String id, String text) {
        TextField t = robot.lookup("#" + id).queryAs(TextField.class);
        InspectorFormsTest.reveal(robot, t);
        robot.clickOn(t);
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        if (text.isEmpty()) robot.type(KeyCode.BACK_SPACE);
        else robot.write(text);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Empties the inspector field {@code label} and presses Enter. */
    static void clear(FxRobot robot, String label) {
        TextField t = EditorDefectsTest.editor(robot, label);
        InspectorFormsTest.reveal(robot, t);
        robot.clickOn(t);
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.type(KeyCode.BACK_SPACE);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    void addVariable(FxRobot robot, String name, String value) {
        typeInto(robot, "env-new-name", name);   // Enter goes on to the value
        typeInto(robot, "env-new-value", value); // Enter adds it
    }

    @Test
    void aServicesReadinessAndEnvAreEditedInFormsRefusedWithValidatesWordsUndoneAndSavedAsExactlyThoseLines(FxRobot robot) throws Exception {
        Path f = EditorDefectsTest.copy(dir, "lab-in-a-box-memif.yaml");
        String original = Files.readString(f);
        Profile before = ProfileLoader.load(f);
        open(robot, f);
        InspectorFormsTest.reveal(robot, robot.lookup("#service-lb_s").query());
        robot.clickOn("#service-lb_s");
        WaitForAsyncUtils.waitForFxEvents();
        Eventually.await("lb_s's fields", Duration.ofSeconds(10), () -> control(robot, "Readiness kind").isPresent());
        assertEquals("log_line", ((ComboBox<?>) control(robot, "Readiness kind").orElseThrow()).getValue());
        assertEquals("^Start automatic packet forwarding", EditorDefectsTest.editor(robot, "Readiness pattern").getText());

        // a pattern that is no regular expression: validate's message at the field, nothing applied
        InspectorFormsTest.type(robot, "Readiness pattern", "^Start (automatic");
        String validate = "readiness pattern of service 'lb_s' on host 'memif' is not a valid regular expression: Unclosed group near index 17";
        Eventually.await("the pattern refused", Duration.ofSeconds(10), () -> fieldError(robot).equals("Readiness pattern: " + validate),
                () -> fieldError(robot));
        assertEquals(new ReadinessProbe.LogLine("^Start automatic packet forwarding"), service("lb_s").readiness());
        assertTrue(!window.document().isDirty(), "a refused edit changes nothing");

        // another kind: its own field appears with an example, the pattern's goes
        choose(robot, "Readiness kind", "tcp_port");
        Eventually.await("a tcp_port readiness", Duration.ofSeconds(10), () -> service("lb_s").readiness() instanceof ReadinessProbe.TcpPort);
        Eventually.await("the port field", Duration.ofSeconds(10), () -> control(robot, "Readiness port").isPresent());
        assertTrue(control(robot, "Readiness pattern").isEmpty(), "a tcp_port has no pattern");
        InspectorFormsTest.type(robot, "Readiness port", "http");
        Eventually.await("a word refused", Duration.ofSeconds(10), () -> fieldError(robot).equals("Readiness port: 'http' is not a port number (1-65535)"),
                () -> fieldError(robot));
        InspectorFormsTest.type(robot, "Readiness port", "70000");
        Eventually.await("a port out of range refused as validate refuses it", Duration.ofSeconds(10),
                () -> fieldError(robot).equals("Readiness port: readiness port of service 'lb_s' on host 'memif' 70000 is out of range 1-65535"),
                () -> fieldError(robot));
        InspectorFormsTest.type(robot, "Readiness port", "9000");
        Eventually.await("port 9000", Duration.ofSeconds(10), () -> new ReadinessProbe.TcpPort(9000).equals(service("lb_s").readiness()));
        assertEquals("", fieldError(robot));
        assertTrue(window.document().yamlProperty().get().contains("port: 9000"), "the YAML tab follows");

        // one undo step per edit: the port, then the kind; redo brings both back
        EditorDefectsTest.shortcut(robot, KeyCode.CONTROL, KeyCode.Z);
        Eventually.await("the example port back", Duration.ofSeconds(10), () -> new ReadinessProbe.TcpPort(8080).equals(service("lb_s").readiness()));
        EditorDefectsTest.shortcut(robot, KeyCode.CONTROL, KeyCode.Z);
        Eventually.await("the log line back", Duration.ofSeconds(10),
                () -> new ReadinessProbe.LogLine("^Start automatic packet forwarding").equals(service("lb_s").readiness()));
        Eventually.await("the pattern field back", Duration.ofSeconds(10), () -> control(robot, "Readiness pattern").isPresent());
        EditorDefectsTest.shortcut(robot, KeyCode.CONTROL, KeyCode.Y);
        EditorDefectsTest.shortcut(robot, KeyCode.CONTROL, KeyCode.Y);
        Eventually.await("port 9000 again", Duration.ofSeconds(10), () -> new ReadinessProbe.TcpPort(9000).equals(service("lb_s").readiness()));

        // the environment table: add two, change a value, remove one, refuse a name twice and no name
        robot.interact(() -> window.lab().select(new dev.labdeck.gui.lab.LabSelection.Service("memif", "lb_s")));
        Eventually.await("the env table", Duration.ofSeconds(10), () -> robot.lookup("#env-new-name").tryQuery().isPresent());
        addVariable(robot, "RTE_LOG_LEVEL", "8");
        Eventually.await("one variable", Duration.ofSeconds(10), () -> Map.of("RTE_LOG_LEVEL", "8").equals(service("lb_s").environment()),
                () -> service("lb_s").environment() + " " + fieldError(robot));
        addVariable(robot, "TMPDIR", "/tmp/lb_s");
        Eventually.await("two variables", Duration.ofSeconds(10), () -> service("lb_s").environment().size() == 2);
        assertEquals(List.of("RTE_LOG_LEVEL", "TMPDIR"), List.copyOf(service("lb_s").environment().keySet()), "in the order added");
        typeInto(robot, "env-value-0", "7");
        Eventually.await("the value changed", Duration.ofSeconds(10), () -> "7".equals(service("lb_s").environment().get("RTE_LOG_LEVEL")));
        addVariable(robot, "TMPDIR", "/elsewhere");
        Eventually.await("a name twice refused", Duration.ofSeconds(10),
                () -> fieldError(robot).equals("Env variables: there is already a variable TMPDIR: change its value in its row"), () -> fieldError(robot));
        addVariable(robot, "", "orphan");
        Eventually.await("no name refused", Duration.ofSeconds(10), () -> fieldError(robot).equals("Env variables: a variable needs a name"),
                () -> fieldError(robot));
        assertEquals(new LinkedHashMap<>(Map.of("RTE_LOG_LEVEL", "7", "TMPDIR", "/tmp/lb_s")), service("lb_s").environment());
        robot.clickOn("#env-remove-1");
        WaitForAsyncUtils.waitForFxEvents();
        Eventually.await("TMPDIR removed", Duration.ofSeconds(10), () -> Map.of("RTE_LOG_LEVEL", "7").equals(service("lb_s").environment()));
        assertTrue(robot.lookup("#env-name-1").tryQuery().isEmpty(), "its row is gone");
        EditorDefectsTest.shortcut(robot, KeyCode.CONTROL, KeyCode.Z);
        Eventually.await("TMPDIR back (undo)", Duration.ofSeconds(10), () -> service("lb_s").environment().containsKey("TMPDIR"));
        Eventually.await("its row back", Duration.ofSeconds(10), () -> robot.lookup("#env-name-1").tryQuery()
                .map(n -> ((TextField) n).getText().equals("TMPDIR")).orElse(false));
        EditorDefectsTest.shortcut(robot, KeyCode.CONTROL, KeyCode.Y);
        Eventually.await("TMPDIR removed again (redo)", Duration.ofSeconds(10), () -> Map.of("RTE_LOG_LEVEL", "7").equals(service("lb_s").environment()));

        EditorDefectsTest.shortcut(robot, KeyCode.CONTROL, KeyCode.S);
        Eventually.await("the save", Duration.ofSeconds(20), () -> !window.document().isDirty());
        String saved = Files.readString(f);
        Profile after = ProfileLoader.load(f);
        ServiceSpec lbs = after.hosts().getFirst().services().getFirst();
        assertEquals(new ReadinessProbe.TcpPort(9000), lbs.readiness());
        assertEquals(Map.of("RTE_LOG_LEVEL", "7"), lbs.environment());
        assertEquals(before.hosts().getFirst().services().subList(1, 4), after.hosts().getFirst().services().subList(1, 4), "the other services as they were");
        // the file: the readiness line replaced, the env added, every other line (the comments too) byte for byte
        List<List<String>> diff = lineDiff(original, saved);
        assertEquals(List.of("        readiness: {kind: log_line, pattern: \"^Start automatic packet forwarding\"}"), diff.get(0), saved);
        assertTrue(diff.get(1).size() >= 2 && diff.get(1).size() <= 4 && diff.get(1).stream().allMatch(l -> l.startsWith("        ")
                && (l.contains("readiness") || l.contains("tcp_port") || l.contains("9000") || l.contains("env") || l.contains("RTE_LOG_LEVEL"))),
                "only the readiness and the env were written: " + diff.get(1));
        assertTrue(diff.get(1).stream().anyMatch(l -> l.contains("RTE_LOG_LEVEL") && l.contains("7")), diff.get(1).toString());
    }

    @Test
    void aDpdkLinkProbesPrefixAndPortAreBothKeptAndADelayIsADuration(FxRobot robot) throws Exception {
        Path f = EditorDefectsTest.copy(dir, "lab-in-a-box-memif.yaml");
        open(robot, f);
        robot.interact(() -> window.lab().select(new dev.labdeck.gui.lab.LabSelection.Service("memif", "lb_c")));
        Eventually.await("lb_c's fields", Duration.ofSeconds(10), () -> control(robot, "Readiness file prefix").isPresent());
        assertEquals("labdeck-memif-lbc", EditorDefectsTest.editor(robot, "Readiness file prefix").getText());
        assertEquals("0", EditorDefectsTest.editor(robot, "Readiness DPDK port").getText());
        InspectorFormsTest.type(robot, "Readiness file prefix", "labdeck-memif-x");
        InspectorFormsTest.type(robot, "Readiness DPDK port", "1");
        Eventually.await("both kept", Duration.ofSeconds(10), () -> new ReadinessProbe.DpdkLinkUp("labdeck-memif-x", 1).equals(service("lb_c").readiness()),
                () -> service("lb_c").readiness() + " " + fieldError(robot));
        clear(robot, "Readiness file prefix");
        Eventually.await("an empty prefix refused", Duration.ofSeconds(10),
                () -> fieldError(robot).equals("Readiness file prefix: readiness of service 'lb_c' on host 'memif' needs the DPDK file_prefix"),
                () -> fieldError(robot));
        choose(robot, "Readiness kind", "delay");
        Eventually.await("a delay field", Duration.ofSeconds(10), () -> control(robot, "Readiness delay").isPresent());
        assertEquals(new ReadinessProbe.Delay(2000), service("lb_c").readiness());
        InspectorFormsTest.type(robot, "Readiness delay", "a while");
        Eventually.await("not a duration", Duration.ofSeconds(10),
                () -> fieldError(robot).equals("Readiness delay: 'a while' is not a duration such as 10s, 500ms or 2m"), () -> fieldError(robot));
        InspectorFormsTest.type(robot, "Readiness delay", "1500ms");
        Eventually.await("1.5 s", Duration.ofSeconds(10), () -> new ReadinessProbe.Delay(1500).equals(service("lb_c").readiness()));
        InspectorFormsTest.type(robot, "Readiness timeout", "90s");
        Eventually.await("the timeout", Duration.ofSeconds(10), () -> Duration.ofSeconds(90).equals(service("lb_c").startTimeout()));
        choose(robot, "Readiness kind", "none");
        Eventually.await("ready once started", Duration.ofSeconds(10), () -> service("lb_c").readiness() == null);
        assertTrue(control(robot, "Readiness delay").isEmpty(), "no delay field without a delay");
        EditorDefectsTest.shortcut(robot, KeyCode.CONTROL, KeyCode.S);
        Eventually.await("the save", Duration.ofSeconds(20), () -> !window.document().isDirty());
        ServiceSpec lbc = ProfileLoader.load(f).hosts().getFirst().services().get(1);
        assertEquals(null, lbc.readiness());
        assertEquals(Duration.ofSeconds(90), lbc.startTimeout());
    }

    /** The lines only in {@code a} and the lines only in {@code b}, by their longest common subsequence. */
    static List<List<String>> lineDiff(String a, String b) {
        String[] x = a.split("\n", -1), y = b.split("\n", -1);
        int[][] l = new int[x.length + 1][y.length + 1];
        for (int i = x.length - 1; i >= 0; i--) {
            for (int j = y.length - 1; j >= 0; j--) {
                l[i][j] = x[i].equals(y[j]) ? l[i + 1][j + 1] + 1 : Math.max(l[i + 1][j], l[i][j + 1]);
            }
        }
        List<String> removed = new ArrayList<>(), added = new ArrayList<>();
        int i = 0, j = 0;
        while (i < x.length && j < y.length) {
            if (x[i].equals(y[j])) { i++; j++; }
            else if (l[i + 1][j] >= l[i][j + 1]) removed.add(x[i++]);
            else added.add(y[j++]);
        }
        while (i < x.length) removed.add(x[i++]);
        while (j < y.length) added.add(y[j++]);
        return List.of(removed, added);
    }
}
