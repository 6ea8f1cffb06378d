package dev.labdeck.gui.theme;

import java.util.Objects;
import javafx.scene.Scene;

/** Light and dark looks: one base style sheet plus a palette sheet per theme. */
public enum Theme {
    LIGHT("light.css"), DARK("dark.css");

    private final String palette;

    Theme(String palette) {
        this.palette = palette;
    }

    public void applyTo(Scene scene) {
        scene.getStylesheets().setAll(url("base.css"), url(palette));
    }

    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }

    public boolean dark() {
        return this == DARK;
    }

    private static String url(String name) {
        return Objects.requireNonNull(Theme.class.getResource(name), name).toExternalForm();
    }

    /** -Dlabdeck.theme=dark, or light. */
    public static Theme fromSystemProperty() {
        return "dark".equalsIgnoreCase(System.getProperty("labdeck.theme")) ? DARK : LIGHT;
    }
}
