package dev.labdeck.gui;

import dev.labdeck.controller.results.RunStatus;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.gui.engine.ControllerProfileFiles;
import dev.labdeck.gui.engine.DemoLab;
import dev.labdeck.gui.error.ErrorDialog;
import dev.labdeck.gui.profile.BundledProfiles;
import dev.labdeck.gui.run.ChartKind;
import dev.labdeck.gui.screenshot.Snapshot;
import dev.labdeck.gui.shell.LabDeckWindow;
import dev.labdeck.gui.shell.MainView;
import dev.labdeck.gui.theme.Theme;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JavaFX application: builds the window, opens the profile, or renders a screenshot. */
public final class LabDeckApplication extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(LabDeckApplication.class);

    private LabDeckWindow window;
    private LaunchOptions options;

    @Override
    public void start(Stage stage) {
        long toolkitUp = sinceJvmStart();
        // logging was set up while JavaFX started (LabDeckApp); nothing logs through SLF4J's stand-in meanwhile
        dev.labdeck.gui.task.LoggingStart.awaitReady(java.time.Duration.ofSeconds(30));
        options = LaunchOptions.parse(getParameters().getRaw());
        Path home = BundledProfiles.home();
        Theme theme = options.theme() != null ? ("dark".equalsIgnoreCase(options.theme()) ? Theme.DARK : Theme.LIGHT) : Theme.fromSystemProperty();
        LabDeckWindow.Settings user = LabDeckWindow.Settings.forUser(home, theme);
        // --runs: the runs of another directory (CI's, a copy), where this app's runs then go too
        if (options.runs() != null) user = new LabDeckWindow.Settings(home, options.runs(), user.recentStore(), theme);
        window = new LabDeckWindow(user, new ControllerProfileFiles(),
                dev.labdeck.gui.engine.SystemBrowser.forThisSystem(uri -> getHostServices().showDocument(uri)));
        stage.setScene(window.scene());
        stage.titleProperty().bind(window.document().titleBinding());
        stage.setOnCloseRequest(e -> {
            if (window.run().isRunning()) {
                e.consume();
                window.view().show(MainView.Page.RUN);
                window.run().statusProperty().set("A run is going: abort it (Esc) before closing; its teardown must finish.");
                return;
            }
            if (!window.view().confirmDiscard()) e.consume();
        });
        Path profile = options.profile();
        if (options.screenshot() != null) {
            screenshot(stage, profile);
            return;
        }
        long built = sinceJvmStart();
        stage.setOnShown(e -> {
            long shown = sinceJvmStart();
            LOG.info("first window shown {} ms after the JVM started (JavaFX up at {} ms, window built at {} ms)", shown, toolkitUp, built);
            if (options.timeStart()) {
                // --time-start: the time to the first laid-out frame, on stderr, then exit (for measuring cold and warm starts)
                Runnable[] once = new Runnable[1];
                once[0] = () -> {
                    window.scene().removePostLayoutPulseListener(once[0]);
                    System.err.printf("labdeck: first window laid out %d ms after the JVM started (JavaFX up at %d ms, window built at %d ms, shown at %d ms)%n",
                            sinceJvmStart(), toolkitUp, built, shown);
                    Platform.exit();
                };
                window.scene().addPostLayoutPulseListener(once[0]);
            }
        });
        stage.show();
        if (options.profile() == null && options.demo()) {
            startDemo(stage, home);
            return;
        }
        if (profile != null) {
            Path p = profile;
            window.document().open(p, () -> {
                if (options.demo()) window.view().startRun();
            }, e -> ErrorDialog.show(stage, "Cannot open " + p, e));
        }
    }

    /** {@code labdeck demo} with a display: the demo profile, opened and run. */
    private void startDemo(Stage stage, Path home) {
        window.view().show(MainView.Page.RUN);
        var tasks = new dev.labdeck.gui.task.BackgroundTasks(Platform::runLater);
        tasks.run("demo-lab", () -> DemoLab.prepare(home, m -> Platform.runLater(() -> window.run().statusProperty().set(m))),
                p -> window.document().open(p, () -> window.view().startRun(), e -> ErrorDialog.show(stage, "Cannot open " + p, e)),
                e -> ErrorDialog.show(stage, "The demo could not start", e));
    }

    /** Renders one view to a PNG and exits; {@code --view run} runs the profile and shoots mid-run. */
    private void screenshot(Stage stage, Path profile) {
        stage.setWidth(1360);
        stage.setHeight(860);
        stage.show();
        Runnable shoot = switch (options.view()) {
            case "run" -> () -> shootRun();
            case "run-done" -> () -> shootFinishedRun();
            case "results" -> () -> shootResults();
            case "labbox" -> () -> {
                window.view().show(MainView.Page.LAB_BOX);
                waitFor(() -> !window.labBox().busyProperty().get() && window.labBox().statusProperty().get() != null, 120,
                        () -> later(1.0, this::write), this::write);
            };
            default -> () -> {
                window.view().show(MainView.Page.LAB);
                later(1.0, this::write);
            };
        };
        if (profile == null) {
            shoot.run();
            return;
        }
        window.document().open(profile, shoot, e -> fail("cannot open " + profile + ": " + ErrorDialog.readable(e)));
    }

    private void shootRun() {
        window.view().show(MainView.Page.RUN);
        window.view().runView().showChart(ChartKind.TRAFFIC);
        window.run().run();
        // wait until MEASURE has drawn a few seconds of traffic, then shoot, then abort
        waitFor(() -> window.run().phaseProperty().get() == RunPhase.MEASURE && window.run().rxPpsProperty().get() > 0, 120, () -> later(4.0, () -> {
            write();
            window.run().outcomeProperty().addListener((o, a, b) -> Platform.exit());
            window.run().abort();
            later(30, Platform::exit);
        }), () -> {
            write();
            fail("the run did not reach MEASURE: " + window.run().statusProperty().get());
        });
    }

    /** The Run view after the run: the tiles on the run's result, the phases with their times. */
    private void shootFinishedRun() {
        window.view().show(MainView.Page.RUN);
        window.view().runView().showChart(ChartKind.RATE);
        window.run().outcomeProperty().addListener((o, a, b) -> {
            if (b != null) later(1.5, () -> {
                window.view().runView().redrawAll();
                write();
            });
        });
        window.run().run();
    }

    private void shootResults() {
        window.view().show(MainView.Page.RESULTS);
        window.results().refresh(() -> {
            var runs = window.results().runs().stream().filter(r -> r.status() != RunStatus.RUNNING).toList();
            // the newest two finished runs compared (or the one there is), selected as a user would
            List<String> ids = runs.stream().limit(2).map(r -> r.id()).toList();
            window.view().resultsView().selectRuns(ids);
            if (runs.size() >= 2) window.view().resultsView().compareSelection();
            else if (runs.size() == 1) window.results().open(runs.get(0));
            later(1.5, () -> {
                window.view().resultsView().selectRuns(ids);
                later(0.5, this::write);
            });
        });
    }

    private void write() {
        try {
            Snapshot.write(window.scene(), options.screenshot());
            System.err.println("labdeck: wrote " + options.screenshot().toAbsolutePath());
            if (!"run".equals(options.view())) Platform.exit();
        } catch (Exception e) {
            fail("cannot write " + options.screenshot() + ": " + e.getMessage());
        }
    }

    private static void fail(String message) {
        System.err.println("labdeck: " + message);
        Platform.exit();
        System.exit(3);
    }

    private static void later(double seconds, Runnable r) {
        PauseTransition p = new PauseTransition(Duration.seconds(seconds));
        p.setOnFinished(e -> r.run());
        p.play();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, double timeoutSeconds, Runnable then, Runnable timedOut) {
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        PauseTransition poll = new PauseTransition(Duration.millis(200));
        poll.setOnFinished(e -> {
            if (condition.getAsBoolean()) then.run();
            else if (System.nanoTime() > deadline) timedOut.run();
            else poll.playFromStart();
        });
        poll.play();
    }

    private static long sinceJvmStart() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    @Override
    public void stop() {
        if (window != null && window.run().isRunning()) window.run().abort();
    }

}
