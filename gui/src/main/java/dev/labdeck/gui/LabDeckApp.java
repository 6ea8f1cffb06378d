package dev.labdeck.gui;

import java.util.List;
import javafx.application.Application;

/**
 * The desktop app's entry point: {@code labdeck} with no arguments, {@code labdeck gui [PROFILE]},
 * {@code labdeck demo} (with a display) and {@code labdeck gui --screenshot FILE --view V}. Not an
 * {@link Application} itself, so it can choose the Headless platform before JavaFX starts.
 */
public final class LabDeckApp {
    private LabDeckApp() {}

    public static void main(String[] args) {
        LaunchOptions o;
        try {
            o = LaunchOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("labdeck: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (o.screenshot() != null && System.getenv("DISPLAY") == null && System.getProperty("glass.platform") == null) {
            // no display: render with JavaFX's Headless platform and the software pipeline
            System.setProperty("glass.platform", "Headless");
            System.setProperty("prism.order", "sw");
        }
        dev.labdeck.gui.task.LoggingStart.inBackground();
        try {
            Application.launch(LabDeckApplication.class, args);
        } catch (RuntimeException | LinkageError e) {
            // JavaFX could not open a window: say why and what to do, not a stack trace
            dev.labdeck.gui.task.LoggingStart.awaitReady(java.time.Duration.ofSeconds(30));
            org.slf4j.LoggerFactory.getLogger(LabDeckApp.class).error("the desktop app could not start", e);
            System.err.println("labdeck: the desktop app could not start: " + windowProblem(e));
            System.exit(3);
        }
    }

    static String windowProblem(Throwable e) {
        String m = String.valueOf(e.getMessage());
        for (Throwable c = e; c != null; c = c.getCause()) {
            String cm = String.valueOf(c.getMessage());
            if (cm.contains("GTK")) {
                return cm + ". JavaFX needs GTK 3 on Linux (Debian/Ubuntu: apt install libgtk-3-0).";
            }
            if (cm.contains("DISPLAY")) {
                return cm + ". Run it in a desktop session, under Xvfb, or headless: labdeck run PROFILE, or labdeck gui --screenshot FILE.";
            }
        }
        return m + " (details in ~/.labdeck/labdeck.log)";
    }

}
