package dev.labdeck.gui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.profile.FlowSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.profile.ThresholdExpression;
import dev.labdeck.gui.engine.ControllerProfileFiles;
import dev.labdeck.gui.theme.Theme;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The inspector's forms used as a person would: typing, picking a suggestion, Enter, Save. */
@ExtendWith(ApplicationExtension.class)
class InspectorFormsTest {
    @TempDir Path dir;
    LabDeckWindow window;

    @Start
    void start(Stage stage) {
        window = new LabDeckWindow(new LabDeckWindow.Settings(Prerequisites.repoRoot(), dir.resolve("runs"), dir.resolve("recent"), Theme.LIGHT),
                new ControllerProfileFiles(), p -> "nowhere (a test)");
        stage.setScene(window.scene());
        stage.show();
    }

    void open(FxRobot robot, Path profile) {
        robot.interact(() -> window.view().open(profile));
        Eventually.await("the profile to open", Duration.ofSeconds(20), () -> window.document().profile() != null);
        Eventually.await("the profile to be checked", Duration.ofSeconds(20), () -> !window.document().yamlProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Scrolls the inspector until {@code node} is in view, as a person scrolls to a field further down. */
    static void reveal(FxRobot robot, javafx.scene.Node node) {
        robot.interact(() -> {
            for (javafx.scene.Parent p = node.getParent(); p != null; p = p.getParent()) {
                if (p instanceof javafx.scene.control.ScrollPane sp && sp.getContent() != null) {
                    double contentHeight = sp.getContent().getBoundsInLocal().getHeight();
                    double viewport = sp.getViewportBounds().getHeight();
                    double y = sp.getContent().sceneToLocal(node.localToScene(0, 0)).getY();
                    if (contentHeight > viewport) sp.setVvalue(Math.min(1, Math.max(0, (y - viewport / 3) / (contentHeight - viewport))));
                    return;
                }
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The list of ControlsFX's suggestion popup, when one is showing. */
    @SuppressWarnings("unchecked")
    static Optional<ListView<Object>> suggestions(FxRobot robot) {
        for (javafx.stage.Window w : javafx.stage.Window.getWindows()) {
            if (w instanceof javafx.stage.PopupWindow && w.isShowing() && w.getScene() != null) {
                Optional<javafx.scene.Node> list = robot.from(w.getScene().getRoot()).lookup((javafx.scene.Node n) -> n instanceof ListView).tryQuery();
                if (list.isPresent()) return list.map(n -> (ListView<Object>) n);
            }
        }
        return Optional.empty();
    }

    @Test
    void thresholdsOfferTheFiguresTheProfilesSummaryHasAndAPickedOneIsKept(FxRobot robot) throws Exception {
        Path f = EditorDefectsTest.copy(dir, "lab-in-a-box-memif-http.yaml");
        open(robot, f);
        robot.clickOn("#lab-test-settings");
        WaitForAsyncUtils.waitForFxEvents();
        TextField must = EditorDefectsTest.editor(robot, "Thresholds must hold");
        String before = must.getText();
        reveal(robot, must);
        robot.clickOn(must);
        robot.press(KeyCode.END).release(KeyCode.END);
        robot.write("; latency_us.p9");
        List<String> expected = List.of(before + "; http.latency_us.p90 ", before + "; http.latency_us.p99 ", before + "; http.latency_us.p99_9 ");
        // the popup follows the typing (its list for "; latency_us.p" first): wait for the one of the whole text
        Eventually.await("the HTTP load's latency quantiles, completing the condition being typed", Duration.ofSeconds(10),
                () -> suggestions(robot).map(l -> l.isVisible() && l.getItems().stream().map(Object::toString).toList().equals(expected)).orElse(false),
                () -> "text '" + must.getText() + "', offered " + suggestions(robot).map(l -> l.getItems().toString()).orElse("nothing"));
        java.util.function.Supplier<Optional<ListCell>> p99 = () -> suggestions(robot).flatMap(l -> robot.from(l).lookup(".list-cell")
                .queryAllAs(ListCell.class).stream().filter(c -> c.getItem() != null && c.getItem().toString().endsWith("p99 ")).findFirst());
        Eventually.await("the p99 suggestion drawn", Duration.ofSeconds(10), () -> p99.get().isPresent());
        robot.clickOn(p99.get().orElseThrow());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before + "; http.latency_us.p99 ", must.getText());
        robot.clickOn(must);
        robot.press(KeyCode.END).release(KeyCode.END);
        robot.write("< 5000");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        Eventually.await("the threshold in the profile", Duration.ofSeconds(10), () -> window.document().profile().thresholds().stream()
                .map(ThresholdExpression::format).anyMatch("http.latency_us.p99 < 5000"::equals));
        EditorDefectsTest.shortcut(robot, KeyCode.CONTROL, KeyCode.S);
        Eventually.await("the save", Duration.ofSeconds(20), () -> !window.document().isDirty());
        Profile saved = ProfileLoader.load(f);
        assertTrue(saved.thresholds().stream().map(ThresholdExpression::format).anyMatch("http.latency_us.p99 < 5000"::equals),
                saved.thresholds().toString());
        assertEquals(4, saved.thresholds().size(), "the three it had and the new one");
    }

    /** Opens the toolbar menu {@code menuId} and clicks its item {@code item}, as a person does. */
    static void pick(FxRobot robot, String menuId, String item) {
        robot.clickOn("#" + menuId);
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.Node label = null;
        for (javafx.stage.Window w : javafx.stage.Window.getWindows()) {
            if (!(w instanceof javafx.stage.PopupWindow) || !w.isShowing() || w.getScene() == null) continue;
            var found = robot.from(w.getScene().getRoot()).lookup((javafx.scene.Node n) -> n instanceof javafx.scene.control.Label l
                    && item.equals(l.getText()) && n.isVisible()).tryQuery();
            if (found.isPresent()) label = found.get();
        }
        if (label == null) throw new AssertionError("no item " + item + " in the menu " + menuId);
        robot.clickOn(label);
        WaitForAsyncUtils.waitForFxEvents();
    }

    List<String> problems() {
        WaitForAsyncUtils.waitForFxEvents();
        return List.copyOf(window.document().problems());
    }

    @Test
    void aSectionTheProfileLacksIsAddedFromTheToolbarFilledInItsFieldsSavedRemovedAndUndone(FxRobot robot) throws Exception {
        Path f = EditorDefectsTest.copy(dir, "local-loopback.yaml");
        open(robot, f);
        assertEquals(null, window.document().profile().sweep(), "the bundled profile measures once");
        pick(robot, "lab-sections", "Add sweep");
        Eventually.await("the sweep section", Duration.ofSeconds(10), () -> window.document().profile().sweep() != null);
        Eventually.await("a valid profile", Duration.ofSeconds(20), () -> problems().isEmpty(), () -> problems().toString());
        TextField rates = EditorDefectsTest.editor(robot, "Sweep rate pps");
        reveal(robot, rates);
        robot.clickOn(rates);
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.write("1000, 5000, 10000");
        robot.type(KeyCode.ENTER);
        Eventually.await("the rates in the profile", Duration.ofSeconds(10),
                () -> List.of(1000, 5000, 10000).equals(window.document().profile().sweep().ratePps()));
        Eventually.await("a valid profile", Duration.ofSeconds(20), () -> problems().isEmpty(), () -> problems().toString());
        EditorDefectsTest.shortcut(robot, KeyCode.CONTROL, KeyCode.S);
        Eventually.await("the save", Duration.ofSeconds(20), () -> !window.document().isDirty());
        assertEquals(List.of(1000, 5000, 10000), ProfileLoader.load(f).sweep().ratePps(), java.nio.file.Files.readString(f));
        assertTrue(window.document().yamlProperty().get().contains("sweep:"), "the YAML tab shows the new section");

        pick(robot, "lab-sections", "Remove sweep");
        Eventually.await("the sweep section gone", Duration.ofSeconds(10), () -> window.document().profile().sweep() == null);
        assertTrue(!window.document().yamlProperty().get().contains("sweep:"), window.document().yamlProperty().get());
        EditorDefectsTest.shortcut(robot, KeyCode.CONTROL, KeyCode.Z);
        Eventually.await("the sweep back", Duration.ofSeconds(10), () -> window.document().profile().sweep() != null
                && List.of(1000, 5000, 10000).equals(window.document().profile().sweep().ratePps()));
    }

    /** Types {@code text} into the inspector field {@code label} and presses Enter. */
    static void type(FxRobot robot, String label, String text) {
        TextField field = EditorDefectsTest.editor(robot, label);
        reveal(robot, field);
        robot.clickOn(field);
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.write(text);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aFlowsOwnShareAndPacketSizeAreAddedInTheFormRejectedWhenBadSavedRemovedAndUndone(FxRobot robot) throws Exception {
        Path f = EditorDefectsTest.copy(dir, "local-loopback.yaml");
        open(robot, f);
        assertEquals(List.of(), window.document().profile().traffic().perFlow(), "the bundled profile has no per_flow");
        pick(robot, "lab-sections", "Add flow 1 settings");
        Eventually.await("flow 1's settings", Duration.ofSeconds(10), () -> window.document().profile().traffic().perFlow() != null
                && window.document().profile().traffic().perFlow().size() == 1);
        type(robot, "Flow 1 share", "2");
        type(robot, "Flow 1 packet size", "512");
        Eventually.await("share 2 and 512 bytes in the profile", Duration.ofSeconds(10),
                () -> new FlowSpec(2, 512, 0, "zeros").equals(window.document().profile().traffic().perFlow().getFirst()),
                () -> String.valueOf(window.document().profile().traffic().perFlow()));
        assertTrue(window.document().yamlProperty().get().contains("per_flow:"), window.document().yamlProperty().get());

        // what labdeck validate rejects is not applied: its message is shown at the field
        type(robot, "Flow 1 share", "0");
        Eventually.await("the share rejected", Duration.ofSeconds(10),
                () -> robot.lookup("#field-error").queryAs(javafx.scene.control.Label.class).getText().startsWith("Flow 1 share: ") && robot.lookup("#field-error").queryAs(javafx.scene.control.Label.class).getText().contains("flow 1"),
                () -> robot.lookup("#field-error").queryAs(javafx.scene.control.Label.class).getText());
        assertEquals(2, window.document().profile().traffic().perFlow().getFirst().share(), "a share of 0 is not applied");
        type(robot, "Flow 1 payload", "hex:zz");
        Eventually.await("the payload rejected", Duration.ofSeconds(10),
                () -> robot.lookup("#field-error").queryAs(javafx.scene.control.Label.class).getText().startsWith("Flow 1 payload: flow 1"),
                () -> robot.lookup("#field-error").queryAs(javafx.scene.control.Label.class).getText());
        assertEquals("zeros", window.document().profile().traffic().perFlow().getFirst().payload());
        Eventually.await("a valid profile", Duration.ofSeconds(20), () -> problems().isEmpty(), () -> problems().toString());

        EditorDefectsTest.shortcut(robot, KeyCode.CONTROL, KeyCode.S);
        Eventually.await("the save", Duration.ofSeconds(20), () -> !window.document().isDirty());
        String saved = java.nio.file.Files.readString(f);
        assertEquals(List.of(new FlowSpec(2, 512, 0, "zeros")), ProfileLoader.load(f).traffic().perFlow(), saved);
        assertTrue(saved.contains("per_flow:") && saved.contains("share: 2") && saved.contains("packet_size: 512"), saved);

        pick(robot, "lab-sections", "Remove flow 1 settings");
        Eventually.await("flow 1's settings gone", Duration.ofSeconds(10), () -> window.document().profile().traffic().perFlow() == null
                || window.document().profile().traffic().perFlow().isEmpty());
        assertTrue(!window.document().yamlProperty().get().contains("per_flow"), window.document().yamlProperty().get());
        EditorDefectsTest.shortcut(robot, KeyCode.CONTROL, KeyCode.Z);
        Eventually.await("flow 1's settings back", Duration.ofSeconds(10), () -> window.document().profile().traffic().perFlow() != null
                && List.of(new FlowSpec(2, 512, 0, "zeros")).equals(window.document().profile().traffic().perFlow()));
        EditorDefectsTest.shortcut(robot, KeyCode.CONTROL, KeyCode.Y);
        Eventually.await("removed again (redo)", Duration.ofSeconds(10), () -> window.document().profile().traffic().perFlow() == null
                || window.document().profile().traffic().perFlow().isEmpty());
    }

    @Test
    void anEthernetLinksEndsShowTheirInterfacesBesideCloseCards(FxRobot robot) throws Exception {
        open(robot, EditorDefectsTest.copy(dir, "lab-in-a-box-udp.yaml"));
        WaitForAsyncUtils.waitForFxEvents();
        // links: data  a: src:data0  b: dst:data0; src and dst stand 300 px apart, their cards 70 px apart
        javafx.scene.control.Label a = robot.lookup("#link-end-data-a").queryAs(javafx.scene.control.Label.class);
        javafx.scene.control.Label b = robot.lookup("#link-end-data-b").queryAs(javafx.scene.control.Label.class);
        assertEquals("data0", a.getText());
        assertEquals("data0", b.getText());
        javafx.geometry.Bounds src = scene(robot.lookup("#host-src").query());
        javafx.geometry.Bounds dst = scene(robot.lookup("#host-dst").query());
        javafx.geometry.Bounds name = scene(robot.lookup("#link-name-data").query());
        javafx.geometry.Bounds atA = scene(a), atB = scene(b);
        for (javafx.geometry.Bounds label : List.of(atA, atB)) {
            assertTrue(label.getWidth() > 0 && !label.intersects(src) && !label.intersects(dst) && !label.intersects(name),
                    "an end label is hidden under a card or the link's name: " + label + " src " + src + " dst " + dst + " name " + name);
        }
        assertTrue(!atA.intersects(atB), atA + " " + atB);
        assertTrue(Math.abs(atA.getCenterX() - src.getMaxX()) < Math.abs(atA.getCenterX() - dst.getMinX()) + 1
                && Math.abs(atB.getCenterX() - dst.getMinX()) < Math.abs(atB.getCenterX() - src.getMaxX()) + 1,
                "each interface at its own host's end: " + atA + " " + atB);
    }

    /**
     * Every bundled profile, as opened: each end label of a link (an ethernet link's interface, address and
     * XDP program; a memif link's DPDK device) shows its whole text, inside the canvas, over no host card
     * (ethernet) or service node (memif), and over no other end label or link name.
     */
    @Test
    void everyBundledProfilesLinkEndLabelsAreWholeAndClearOfCardsAndEachOther(FxRobot robot) throws Exception {
        List<Path> bundled = dev.labdeck.gui.profile.BundledProfiles.list(Prerequisites.repoRoot());
        assertTrue(bundled.size() >= 10, "the bundled profiles: " + bundled);
        List<String> seen = new java.util.ArrayList<>();
        List<String> wrong = new java.util.ArrayList<>();
        for (Path profile : bundled) {
            String file = profile.getFileName().toString();
            open(robot, EditorDefectsTest.copy(dir, file));
            Eventually.await(file + " drawn", Duration.ofSeconds(10), () -> !robot.lookup(".host-card").queryAll().isEmpty());
            WaitForAsyncUtils.waitForFxEvents();
            javafx.scene.Node topology = robot.lookup("#topology").query();
            List<javafx.scene.Node> cards = List.copyOf(robot.lookup(".host-card").queryAll());
            List<javafx.scene.Node> services = List.copyOf(robot.lookup(".service-node").queryAll());
            List<javafx.scene.control.Label> ends = robot.lookup((javafx.scene.Node n) -> n.getId() != null
                    && (n.getId().startsWith("link-end-") || n.getId().startsWith("memif-end-"))).queryAllAs(javafx.scene.control.Label.class)
                    .stream().toList();
            List<javafx.scene.Node> names = robot.lookup((javafx.scene.Node n) -> n instanceof javafx.scene.control.Label l
                    && l.getStyleClass().contains("link-label") && !ends.contains(l)).queryAll().stream().toList();
            for (javafx.scene.control.Label end : ends) {
                String what = file + " " + end.getId() + " '" + end.getText() + "'";
                seen.add(what);
                javafx.geometry.Bounds at = scene(end);
                javafx.scene.text.Text shown = (javafx.scene.text.Text) end.lookup(".text");
                if (shown == null || !end.getText().equals(shown.getText())) wrong.add(what + " is cut to '" + (shown == null ? "" : shown.getText()) + "'");
                javafx.geometry.Bounds inCanvas = topology.sceneToLocal(at);
                if (inCanvas.getMinX() < 0 || inCanvas.getMinY() < 0) wrong.add(what + " starts outside the canvas at " + inCanvas);
                boolean memif = end.getId().startsWith("memif-end-");
                for (javafx.scene.Node other : memif ? services : cards) {
                    if (at.intersects(scene(other))) wrong.add(what + " lies over " + other.getId() + ": " + at + " / " + scene(other));
                }
                for (javafx.scene.Node other : ends) {
                    if (other != end && at.intersects(scene(other))) wrong.add(what + " lies over " + other.getId());
                }
                for (javafx.scene.Node other : names) {
                    if (at.intersects(scene(other))) wrong.add(what + " lies over the label '" + ((javafx.scene.control.Label) other).getText() + "'");
                }
            }
        }
        assertTrue(seen.stream().anyMatch(w -> w.contains("two-machine-xdp") && w.contains("XDP count")), "the labels looked at: " + seen);
        assertTrue(wrong.isEmpty(), String.join("\n", wrong) + "\n(looked at: " + seen + ")");
    }

    private static javafx.geometry.Bounds scene(javafx.scene.Node n) {
        return n.localToScene(n.getBoundsInLocal());
    }

    @Test
    void aMemifLinksEndsNameEachServicesDpdkDevice(FxRobot robot) throws Exception {
        open(robot, EditorDefectsTest.copy(dir, "lab-in-a-box-memif.yaml"));
        // lb_s opens net_memif0 (server) and lb_c net_memif0 (client) on the link's socket; net_memif1 are other sockets'
        assertEquals("net_memif0", robot.lookup("#memif-end-memif-link-master").queryAs(javafx.scene.control.Label.class).getText());
        assertEquals("net_memif0", robot.lookup("#memif-end-memif-link-slave").queryAs(javafx.scene.control.Label.class).getText());
        var arrow = robot.lookup("#memif-arrow-memif-link").query();
        var master = robot.lookup("#memif-end-memif-link-master").query();
        // the master's device is drawn at the master's end, away from the arrowhead at the slave
        double arrowX = arrow.localToScene(arrow.getBoundsInLocal()).getCenterX();
        double slaveX = robot.lookup("#memif-end-memif-link-slave").query().localToScene(0, 0).getX();
        double masterX = master.localToScene(0, 0).getX();
        assertTrue(Math.abs(slaveX - arrowX) < Math.abs(masterX - arrowX), "slave label near the arrowhead: " + slaveX + " " + masterX + " " + arrowX);
    }
}
