package dev.labdeck.gui.bench;

import java.lang.management.ManagementFactory;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;

/**
 * The peer of {@code labdeck bench gui-start}: the least a JavaFX app shows, one Stage of the app's size with
 * a TabPane of two tabs and a Label, default theme. Started with the app's own java command line (same JVM,
 * flags, class path and class-data treatment), it prints when its first window is laid out, as
 * {@code labdeck gui --time-start} does, and exits.
 */
public final class MinimalWindow extends Application {

    public static void main(String[] args) {
        launch(MinimalWindow.class, args);
    }

    @Override
    public void start(Stage stage) {
        TabPane tabs = new TabPane(new Tab("One", new Label("A minimal JavaFX window")), new Tab("Two"));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Scene scene = new Scene(tabs, 1360, 860);
        stage.setTitle("minimal JavaFX window");
        stage.setScene(scene);
        stage.setOnShown(e -> {
            Runnable[] once = new Runnable[1];
            once[0] = () -> {
                scene.removePostLayoutPulseListener(once[0]);
                long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                System.err.printf("minimal window: first window laid out %d ms after the JVM started%n", ms);
                Platform.exit();
            };
            scene.addPostLayoutPulseListener(once[0]);
        });
        stage.show();
    }
}
