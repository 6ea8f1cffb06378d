package dev.labdeck.gui.shell;

import dev.labdeck.gui.results.ReportBrowser;
import dev.labdeck.gui.task.BackgroundTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.stage.Window;

/**
 * Help: the keyboard shortcuts (F1; read from the menus' own accelerators, so the list cannot
 * drift from what the keys do), the profile's fields and the user guide opened in the system's
 * viewer (saying where the file is when nothing opens it), and what this LabDeck is.
 */
final class HelpMenu {
    private final Path home;
    private final ReportBrowser opener;
    private final BackgroundTasks tasks;
    private final Supplier<Window> owner;

    HelpMenu(Path home, ReportBrowser opener, BackgroundTasks tasks, Supplier<Window> owner) {
        this.home = home;
        this.opener = opener;
        this.tasks = tasks;
        this.owner = owner;
    }

    /** @param menus the menu bar's other menus, whose accelerators the shortcuts list names */
    Menu menu(List<Menu> menus) {
        Menu help = new Menu("Help");
        MenuItem keys = new MenuItem("Keyboard shortcuts");
        keys.setAccelerator(new KeyCodeCombination(KeyCode.F1));
        keys.setOnAction(e -> {
            List<Menu> all = new ArrayList<>(menus);
            all.add(help);
            shortcuts(all);
        });
        MenuItem fields = new MenuItem("Profile fields (docs/profile-fields.md)");
        fields.setOnAction(e -> open(home.resolve("docs").resolve("profile-fields.md")));
        MenuItem guide = new MenuItem("User guide (README.md)");
        guide.setOnAction(e -> open(home.resolve("README.md")));
        MenuItem labBox = new MenuItem("The lab-in-a-box (docs/lab-in-a-box.md)");
        labBox.setOnAction(e -> open(home.resolve("docs").resolve("lab-in-a-box.md")));
        MenuItem about = new MenuItem("About LabDeck");
        about.setOnAction(e -> about());
        help.getItems().setAll(keys, new SeparatorMenuItem(), fields, guide, labBox, new SeparatorMenuItem(), about);
        return help;
    }

    /** Every accelerator of the menus ("Ctrl+S  File → Save"), and the keys of the inspector and YAML tab. */
    static List<String> shortcutLines(List<Menu> menus) {
        List<String> out = new ArrayList<>();
        for (Menu m : menus) collect(m, m.getText(), out);
        out.add("Enter  Inspector → apply the field typed in");
        out.add("Ctrl+Z / Ctrl+Y in an inspector field  undo / redo the profile's last edit (while typing: the typing)");
        out.add("Click a problem  go to its field and its line in the YAML tab");
        return out;
    }

    private static void collect(Menu menu, String path, List<String> out) {
        for (MenuItem i : menu.getItems()) {
            if (i instanceof Menu sub) collect(sub, path + " → " + sub.getText(), out);
            else if (i.getAccelerator() != null && i.isVisible()) out.add(i.getAccelerator().getDisplayText() + "  " + path + " → " + i.getText());
        }
    }

    private void shortcuts(List<Menu> menus) {
        Alert a = dialog("Keyboard shortcuts", String.join("\n", shortcutLines(menus)));
        a.getDialogPane().setId("help-shortcuts");
        a.show();
    }

    private void about() {
        String version = HelpMenu.class.getPackage().getImplementationVersion();
        Alert a = dialog("LabDeck " + (version == null ? "0.1.0" : version), String.join("\n",
                "Runs network performance tests on a lab of real hosts and keeps the results.",
                "Java " + System.getProperty("java.version") + " · JavaFX " + System.getProperty("javafx.runtime.version", "?"),
                "Home (profiles, docs): " + home.toAbsolutePath(),
                "Log: " + dev.labdeck.controller.settings.UserDirs.forThisUser().log()));
        a.getDialogPane().setId("help-about");
        a.show();
    }

    /** Opens a document in the system's viewer, off the UI thread; when nothing can, says why and where it is. */
    void open(Path doc) {
        if (!Files.isRegularFile(doc)) {
            failed(doc, "it is not there (this LabDeck's home is " + home.toAbsolutePath() + ")");
            return;
        }
        tasks.run("open-help", () -> opener.open(doc), how -> { }, e -> failed(doc, e.getMessage()));
    }

    private void failed(Path doc, String why) {
        Alert a = dialog("Cannot open " + doc.getFileName(), "Could not open " + doc.toAbsolutePath() + ": " + why
                + "\nOpen the file with any text viewer; it is plain Markdown.");
        a.setAlertType(Alert.AlertType.WARNING);
        a.getDialogPane().setId("help-cannot-open");
        a.show();
    }

    private Alert dialog(String header, String text) {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        if (owner.get() != null) a.initOwner(owner.get());
        a.setTitle("LabDeck");
        a.setHeaderText(header);
        a.setContentText(text);
        a.setResizable(true);
        return a;
    }
}
