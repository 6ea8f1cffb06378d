package dev.labdeck.gui.shell;

import dev.labdeck.controller.results.RunStatus;
import dev.labdeck.gui.error.ErrorDialog;
import dev.labdeck.gui.lab.LabView;
import dev.labdeck.gui.lab.LabViewModel;
import dev.labdeck.gui.profile.BundledProfiles;
import dev.labdeck.gui.profile.ProfileDocument;
import dev.labdeck.gui.results.ResultsView;
import dev.labdeck.gui.results.ResultsViewModel;
import dev.labdeck.gui.run.RunOutcome;
import dev.labdeck.gui.run.RunView;
import dev.labdeck.gui.run.RunViewModel;
import dev.labdeck.gui.theme.Theme;
import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The window's content: menus (File, Run, View) with the shortcuts, the Lab, Run and Results
 * views as tabs, and a status bar. Guards unsaved changes and confirms an abort.
 */
public final class MainView extends BorderPane {
    public enum Page { LAB, RUN, RESULTS, LAB_BOX }

    private final ProfileDocument document;
    private final RunViewModel run;
    private final ResultsViewModel results;
    private final TabPane tabs = new TabPane();
    private final ObjectProperty<Theme> theme;
    private final Tab runTab = new Tab("Run");
    private final Tab resultsTab = new Tab("Results");
    private final Tab labBoxTab = new Tab("Lab-in-a-box");
    private final dev.labdeck.gui.labbox.LabBoxViewModel labBox;
    private dev.labdeck.gui.labbox.LabBoxView labBoxView;
    private RunView runView;
    private ResultsView resultsView;
    private final Path home;
    private final HelpMenu help;

    public MainView(ProfileDocument document, LabViewModel lab, RunViewModel run, ResultsViewModel results,
                    dev.labdeck.gui.labbox.LabBoxViewModel labBox, ObjectProperty<Theme> theme, Path home,
                    dev.labdeck.gui.results.ReportBrowser opener, dev.labdeck.gui.task.BackgroundTasks tasks) {
        this.document = document;
        this.labBox = labBox;
        this.run = run;
        this.results = results;
        this.theme = theme;
        this.home = home;
        this.help = new HelpMenu(home, opener, tasks, this::window);
        setId("main-view");

        LabView labView = new LabView(lab, emptyState());
        Tab labTab = new Tab("Lab", labView);
        labTab.setId("tab-lab");
        runTab.setId("tab-run");
        resultsTab.setId("tab-results");
        labBoxTab.setId("tab-labbox");
        tabs.getTabs().setAll(labTab, runTab, resultsTab, labBoxTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStyleClass().add("main-tabs");
        // Run and Results (tiles, charts) are built when first shown: the first window comes up sooner
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b == runTab) runView();
            if (b == resultsTab) {
                resultsView();
                results.refresh();
            }
            if (b == labBoxTab) labBoxView();
        });

        setTop(menus());
        setCenter(tabs);
        setBottom(statusBar());

        results.setOnError(e -> ErrorDialog.show(window(), "Cannot read the run", e));
        run.setOnFinished(this::runFinished);
        document.profileProperty().addListener((o, a, b) -> {
            if (b != null && b.results() != null && b.results().directory() != null) {
                results.runsDirectoryProperty().set(Path.of(b.results().directory()).toAbsolutePath());
            }
        });
    }

    public void show(Page page) {
        if (page == Page.RUN) runView();
        if (page == Page.RESULTS) resultsView();
        if (page == Page.LAB_BOX) labBoxView();
        tabs.getSelectionModel().select(page.ordinal());
    }

    public RunView runView() {
        if (runView == null) {
            runView = new RunView(run, this::startRun, this::confirmAbort, theme);
            runTab.setContent(runView);
        }
        return runView;
    }

    public dev.labdeck.gui.labbox.LabBoxView labBoxView() {
        if (labBoxView == null) {
            labBoxView = new dev.labdeck.gui.labbox.LabBoxView(labBox);
            labBoxTab.setContent(labBoxView);
            labBox.refresh();
        }
        return labBoxView;
    }

    public ResultsView resultsView() {
        if (resultsView == null) {
            resultsView = new ResultsView(results);
            resultsTab.setContent(resultsView);
        }
        return resultsView;
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    private VBox emptyState() {
        Label title = new Label("No profile open");
        title.getStyleClass().add("heading");
        Label text = new Label("A profile describes the lab (hosts, links, XDP, services) and its test (traffic, thresholds).\n"
                + "Open one with Ctrl+O, or start from a profile that ships with LabDeck:");
        text.setWrapText(true);
        text.getStyleClass().add("muted");
        VBox box = new VBox(10, title, text);
        for (Path p : BundledProfiles.list(home)) {
            Button b = new Button(p.getFileName().toString());
            b.setOnAction(e -> newFrom(p));
            box.getChildren().add(b);
        }
        Button open = new Button("Open a profile ...  (Ctrl+O)");
        open.setOnAction(e -> openDialog());
        box.getChildren().add(open);
        box.setAlignment(Pos.CENTER);
        box.setMaxWidth(560);
        box.setPadding(new Insets(30));
        return box;
    }

    private MenuBar menus() {
        Menu file = new Menu("File");
        Menu fromBundled = new Menu("New from bundled profile");
        for (Path p : BundledProfiles.list(home)) {
            MenuItem item = new MenuItem(p.getFileName().toString());
            item.setOnAction(e -> newFrom(p));
            fromBundled.getItems().add(item);
        }
        if (fromBundled.getItems().isEmpty()) fromBundled.setDisable(true);
        MenuItem open = item("Open ...", new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::openDialog);
        Menu recent = new Menu("Open recent");
        Runnable fillRecent = () -> {
            recent.getItems().clear();
            for (Path p : document.recentFiles()) {
                MenuItem item = new MenuItem(p.toString());
                item.setOnAction(e -> open(p));
                recent.getItems().add(item);
            }
            recent.setDisable(recent.getItems().isEmpty());
        };
        document.recentFiles().addListener((ListChangeListener<Path>) c -> fillRecent.run());
        fillRecent.run();
        MenuItem save = item("Save", new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), this::save);
        MenuItem saveAs = item("Save as ...", new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), this::saveAs);
        save.disableProperty().bind(document.profileProperty().isNull());
        saveAs.disableProperty().bind(document.profileProperty().isNull());
        MenuItem quit = item("Quit", new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), () -> {
            if (window() != null) window().fireEvent(new javafx.stage.WindowEvent(window(), javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
        });
        file.getItems().setAll(fromBundled, open, recent, new SeparatorMenuItem(), save, saveAs, new SeparatorMenuItem(), quit);

        Menu edit = new Menu("Edit");
        MenuItem undo = item("Undo", new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN), document::undo);
        MenuItem redo = item("Redo", new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN), document::redo);
        MenuItem redo2 = item("Redo", new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), document::redo);
        redo2.setVisible(false);
        undo.disableProperty().bind(document.canUndoProperty().not());
        redo.disableProperty().bind(document.canRedoProperty().not());
        redo2.disableProperty().bind(document.canRedoProperty().not());
        edit.getItems().setAll(undo, redo, redo2);

        Menu runMenu = new Menu("Run");
        MenuItem preflight = item("Preflight", null, run::preflight);
        MenuItem start = item("Run", new KeyCodeCombination(KeyCode.F5), this::startRun);
        MenuItem abort = item("Abort ...", new KeyCodeCombination(KeyCode.ESCAPE), this::confirmAbort);
        preflight.disableProperty().bind(run.runningProperty());
        start.disableProperty().bind(run.runningProperty());
        abort.disableProperty().bind(run.runningProperty().not());
        runMenu.getItems().setAll(preflight, start, abort);

        Menu view = new Menu("View");
        MenuItem labItem = item("Lab", new KeyCodeCombination(KeyCode.DIGIT1, KeyCombination.SHORTCUT_DOWN), () -> show(Page.LAB));
        MenuItem runItem = item("Run", new KeyCodeCombination(KeyCode.DIGIT2, KeyCombination.SHORTCUT_DOWN), () -> show(Page.RUN));
        MenuItem resultsItem = item("Results", new KeyCodeCombination(KeyCode.DIGIT3, KeyCombination.SHORTCUT_DOWN), () -> show(Page.RESULTS));
        MenuItem labBoxItem = item("Lab-in-a-box", new KeyCodeCombination(KeyCode.DIGIT4, KeyCombination.SHORTCUT_DOWN), () -> show(Page.LAB_BOX));
        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.setSelected(theme.get().dark());
        dark.selectedProperty().addListener((o, a, b) -> theme.set(b ? Theme.DARK : Theme.LIGHT));
        view.getItems().setAll(labItem, runItem, resultsItem, labBoxItem, new SeparatorMenuItem(), dark);

        return new MenuBar(file, edit, runMenu, view, help.menu(java.util.List.of(file, edit, runMenu, view)));
    }

    private static MenuItem item(String text, KeyCombination key, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (key != null) m.setAccelerator(key);
        m.setOnAction(e -> action.run());
        return m;
    }

    private HBox statusBar() {
        Label doc = new Label();
        doc.textProperty().bind(Bindings.createStringBinding(() -> {
            if (document.profile() == null) return "No profile open";
            Path f = document.fileProperty().get();
            return (f == null ? "New profile, not saved yet" : f.toString()) + (document.isDirty() ? " — unsaved changes" : "");
        }, document.profileProperty(), document.fileProperty(), document.dirtyProperty()));
        Label phase = new Label();
        phase.textProperty().bind(Bindings.createStringBinding(() -> run.isRunning() && run.phaseProperty().get() != null
                ? "Running: " + run.phaseProperty().get().label() : "", run.runningProperty(), run.phaseProperty()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label keys = new Label("Ctrl+O open · Ctrl+S save · F5 run · Esc abort · F1 keys");
        keys.getStyleClass().add("muted");
        HBox bar = new HBox(16, doc, spacer, phase, keys);
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    // ---- commands ----

    /** Asks whether to save, discard or stay when the profile has unsaved changes; true to go on. */
    public boolean confirmDiscard() {
        if (!document.isDirty()) return true;
        Alert a = new Alert(Alert.AlertType.CONFIRMATION);
        a.initOwner(window());
        a.setTitle("LabDeck");
        a.setHeaderText("Save the changes to " + document.profile().name() + "?");
        a.setContentText("Your changes are lost if you don't save them.");
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Don't save", ButtonBar.ButtonData.NO);
        a.getButtonTypes().setAll(save, discard, ButtonType.CANCEL);
        Optional<ButtonType> r = a.showAndWait();
        if (r.isEmpty() || r.get() == ButtonType.CANCEL) return false;
        if (r.get() == save) {
            Path target = document.fileProperty().get() != null ? document.fileProperty().get() : chooseSaveFile();
            if (target == null) return false;
            try {
                document.saveNow(target);
            } catch (Exception e) {
                ErrorDialog.show(window(), "Cannot save the profile", e);
                return false;
            }
        }
        return true;
    }

    private void openDialog() {
        if (!confirmDiscard()) return;
        FileChooser fc = profileChooser("Open a profile");
        File f = fc.showOpenDialog(window());
        if (f != null) doOpen(f.toPath());
    }

    public void open(Path p) {
        if (confirmDiscard()) doOpen(p);
    }

    private void doOpen(Path p) {
        document.open(p, () -> show(Page.LAB), e -> ErrorDialog.show(window(), "Cannot open " + p.getFileName(), e));
    }

    private void newFrom(Path bundled) {
        if (!confirmDiscard()) return;
        document.newFrom(bundled, () -> show(Page.LAB), e -> ErrorDialog.show(window(), "Cannot read " + bundled.getFileName(), e));
    }

    private void save() {
        if (document.profile() == null) return;
        if (document.fileProperty().get() == null) {
            saveAs();
            return;
        }
        document.save(() -> {}, e -> ErrorDialog.show(window(), "Cannot save the profile", e));
    }

    private void saveAs() {
        if (document.profile() == null) return;
        Path target = chooseSaveFile();
        if (target != null) document.saveAs(target, () -> {}, e -> ErrorDialog.show(window(), "Cannot save the profile", e));
    }

    private Path chooseSaveFile() {
        FileChooser fc = profileChooser("Save the profile as");
        Path current = document.fileProperty().get();
        fc.setInitialFileName(current != null ? current.getFileName().toString() : document.profile().name() + ".yaml");
        File f = fc.showSaveDialog(window());
        return f == null ? null : f.toPath();
    }

    private FileChooser profileChooser(String title) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Profiles (*.yaml, *.yml)", "*.yaml", "*.yml"),
                new FileChooser.ExtensionFilter("All files", "*"));
        Path current = document.fileProperty().get();
        File dir = current != null && current.getParent() != null ? current.getParent().toFile() : home.resolve("profiles").toFile();
        if (dir.isDirectory()) fc.setInitialDirectory(dir);
        return fc;
    }

    public void startRun() {
        String reason = run.cannotStartReason();
        if (reason != null && !run.isRunning()) {
            Alert a = new Alert(Alert.AlertType.INFORMATION, reason);
            a.initOwner(window());
            a.setHeaderText("Cannot run yet");
            a.show();
            return;
        }
        show(Page.RUN);
        run.run();
    }

    private void confirmAbort() {
        if (!run.isRunning()) return;
        Alert a = new Alert(Alert.AlertType.CONFIRMATION);
        a.initOwner(window());
        a.setTitle("LabDeck");
        a.setHeaderText("Abort the run?");
        a.setContentText("LabDeck stops the traffic and tears down every host (XDP, services, agents). The run is kept as aborted.");
        ButtonType abort = new ButtonType("Abort run", ButtonBar.ButtonData.OK_DONE);
        a.getButtonTypes().setAll(abort, new ButtonType("Keep running", ButtonBar.ButtonData.CANCEL_CLOSE));
        a.showAndWait().filter(b -> b == abort).ifPresent(b -> run.abort());
    }

    private void runFinished(RunOutcome o) {
        if (o.preflight()) return; // not a run: nothing new in Results, the Run view says how it went
        results.refresh();
        if (RunStatus.ERROR.json().equals(o.status())) {
            Throwable t = o.failure() != null ? o.failure() : new RunError(o.message());
            ErrorDialog.show(window(), "The run failed", t);
        }
    }

    /** The run's own message as an error, for the dialog (the engine reports it as data). */
    private static final class RunError extends Exception {
        RunError(String message) {
            super(message);
        }
    }
}
