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
        Application.launch(LabDeckApplication.class, args);
    }

}
