package dev.labdeck.gui.shell;

import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.gui.engine.EngineRunControl;
import dev.labdeck.gui.engine.HistoryRunArchive;
import dev.labdeck.gui.lab.LabViewModel;
import dev.labdeck.gui.profile.ProfileDocument;
import dev.labdeck.gui.profile.ProfileFiles;
import dev.labdeck.gui.profile.RecentFiles;
import dev.labdeck.gui.results.ResultsViewModel;
import dev.labdeck.gui.run.RunViewModel;
import dev.labdeck.gui.task.BackgroundTasks;
import dev.labdeck.gui.theme.Theme;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;

/**
 * Puts the app together: the open profile, the three view models on the controller's API, the
 * main view and its scene. The app and the tests build the same window through here.
 *
 * @param runsRoot where runs go and are listed; null: the profile's results directory (default runs/)
 */
public final class LabDeckWindow {
    public record Settings(Path home, Path runsRoot, Path recentStore, Theme theme) {
        public static Settings forUser(Path home, Theme theme) {
            return new Settings(home, null, dev.labdeck.controller.settings.UserDirs.forThisUser().config().resolve("recent-profiles"), theme);
        }
    }

    private final ProfileDocument document;
    private final LabViewModel lab;
    private final RunViewModel run;
    private final ResultsViewModel results;
    private final MainView view;
    private final dev.labdeck.gui.labbox.LabBoxViewModel labBox;
    private final Scene scene;
    private final ObjectProperty<Theme> theme;

    public LabDeckWindow(Settings s, ProfileFiles files, dev.labdeck.gui.results.ReportBrowser browser) {
        BackgroundTasks tasks = new BackgroundTasks(Platform::runLater);
        document = new ProfileDocument(files, tasks, new RecentFiles(s.recentStore()));
        lab = new LabViewModel(document);
        TransportOptions transport = TransportOptions.defaults().withLabdeckHome(s.home());
        run = new RunViewModel(document, new EngineRunControl(() -> RunOptions.defaults().withTransport(transport)
                .withRunsRoot(s.runsRoot())), tasks);
        results = new ResultsViewModel(new HistoryRunArchive(), tasks, browser);
        if (s.runsRoot() != null) results.runsDirectoryProperty().set(s.runsRoot());
        theme = new SimpleObjectProperty<>(s.theme());
        labBox = new dev.labdeck.gui.labbox.LabBoxViewModel(new dev.labdeck.gui.engine.ControllerLabBox(), tasks);
        view = new MainView(document, lab, run, results, labBox, theme, s.home(), browser, tasks);
        if (s.runsRoot() != null) {
            // a fixed runs root wins over the profile's results directory
            document.profileProperty().addListener((o, a, b) -> results.runsDirectoryProperty().set(s.runsRoot()));
        }
        scene = new Scene(view, 1360, 860);
        theme.addListener((o, a, b) -> b.applyTo(scene));
        s.theme().applyTo(scene);
    }

    public ProfileDocument document() { return document; }
    public LabViewModel lab() { return lab; }
    public RunViewModel run() { return run; }
    public ResultsViewModel results() { return results; }
    public MainView view() { return view; }
    public dev.labdeck.gui.labbox.LabBoxViewModel labBox() { return labBox; }
    public Scene scene() { return scene; }
    public ObjectProperty<Theme> theme() { return theme; }
}
