package dev.labdeck.app;

import dev.labdeck.gui.LabDeckApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Runs inside the app's own JVM, started with the launcher's (or the installed app's) java command line
 * with this class as the main class: starts the app through their main class ({@link LabDeckApp} for the
 * launcher, {@code LabDeckMain} for the installed app; system property {@value #MAIN}) as they do, waits
 * until the window shows the opened profile, then prints what is on screen, one line each, and exits:
 * {@code window: TITLE}, {@code host: NAME} (the topology's host cards), {@code inspector: NAME = VALUE}
 * (the inspector's rows as drawn: label and the editor's text), {@code shown: true}.
 * The app's classes, JavaFX and ControlsFX load exactly as when a user starts it.
 */
public final class FirstWindowProbe {
    private FirstWindowProbe() {}

    /** The command line's own main class, which this probe runs with the same arguments. */
    static final String MAIN = "labdeck.probe.main";

    public static void main(String[] args) throws ReflectiveOperationException {
        Thread.ofPlatform().daemon().name("first-window-probe").start(FirstWindowProbe::watch);
        Class<?> main = Class.forName(System.getProperty(MAIN, LabDeckApp.class.getName()));
        main.getMethod("main", String[].class).invoke(null, (Object) args);
    }

    private static void watch() {
        long deadline = System.nanoTime() + Long.getLong("labdeck.probe.timeoutSeconds", 180) * 1_000_000_000L;
        // after the hosts appear, a few more pulses so that the inspector's sheet has laid out its editors
        int[] pulsesAfterHosts = {0};
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(100); // polling the FX thread for the condition below, not waiting for it to be true
            } catch (InterruptedException e) {
                return;
            }
            var done = new java.util.concurrent.CompletableFuture<Boolean>();
            try {
                Platform.runLater(() -> done.complete(check(pulsesAfterHosts)));
            } catch (IllegalStateException toolkitNotUpYet) {
                continue;
            }
            if (done.join()) return;
        }
        Platform.runLater(() -> {
            System.out.println("probe: the window did not show the profile's hosts before the deadline");
            describe();
            Platform.exit();
        });
    }

    private static boolean check(int[] pulsesAfterHosts) {
        Stage stage = showingStage();
        if (stage == null || stage.getScene() == null) return false;
        if (stage.getScene().getRoot().lookupAll(".host-card").isEmpty()) return false;
        boolean inspectorDrawn = !inspectorRows(stage).isEmpty();
        if (!inspectorDrawn && pulsesAfterHosts[0]++ < 20) {
            Platform.requestNextPulse();
            return false;
        }
        describe();
        Platform.exit();
        return true;
    }

    private static Stage showingStage() {
        for (Window w : Window.getWindows()) {
            if (w instanceof Stage s && s.isShowing()) return s;
        }
        return null;
    }

    private static void describe() {
        Stage stage = showingStage();
        if (stage == null) {
            System.out.println("shown: false");
            return;
        }
        System.out.println("window: " + stage.getTitle());
        for (Node card : stage.getScene().getRoot().lookupAll(".host-card")) {
            if (card.getId() != null && card.getId().startsWith("host-") && card.isVisible()) {
                System.out.println("host: " + card.getId().substring("host-".length()));
            }
        }
        for (String row : inspectorRows(stage)) System.out.println("inspector: " + row);
        System.out.println("shown: " + stage.isShowing());
        System.out.flush();
    }

    /** The inspector's rows as the user reads them: each label and its editor's value in the same grid row. */
    private static List<String> inspectorRows(Stage stage) {
        List<String> rows = new ArrayList<>();
        Node sheet = stage.getScene().getRoot().lookup("#inspector");
        if (sheet == null) return rows;
        for (Node n : sheet.lookupAll(".grid-pane")) collectRows(n, rows);
        if (rows.isEmpty()) {
            // the sheet's grid carries no style class: walk its children for GridPanes
            walk(sheet, rows);
        }
        return rows;
    }

    private static void walk(Node n, List<String> rows) {
        if (n instanceof GridPane g) {
            collectRows(g, rows);
            return;
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) walk(c, rows);
        }
    }

    private static void collectRows(Node n, List<String> rows) {
        if (!(n instanceof GridPane g)) return;
        for (Node c : g.getChildren()) {
            if (!(c instanceof Label l) || GridPane.getColumnIndex(c) != null && GridPane.getColumnIndex(c) != 0) continue;
            Integer row = GridPane.getRowIndex(l);
            for (Node e : g.getChildren()) {
                if (e != l && Objects.equals(GridPane.getRowIndex(e), row)) {
                    rows.add(l.getText() + " = " + valueOf(e));
                }
            }
        }
    }

    private static String valueOf(Node editor) {
        return switch (editor) {
            case TextInputControl t -> t.getText();
            case ComboBoxBase<?> c -> String.valueOf(c.getValue());
            case CheckBox c -> String.valueOf(c.isSelected());
            case Parent p -> p.getChildrenUnmodifiable().stream().map(FirstWindowProbe::valueOf).filter(s -> !s.isEmpty())
                    .findFirst().orElse("");
            default -> "";
        };
    }
}
