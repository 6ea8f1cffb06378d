package dev.labdeck.app;

import dev.labdeck.controller.cli.LabDeckCli;
import dev.labdeck.gui.LabDeckApp;
import java.util.Arrays;

/**
 * The installed {@code labdeck} command, as the repository's {@code ./labdeck} launcher behaves:
 * no arguments or {@code gui} open the desktop app, {@code demo} opens it on the demo when there
 * is a display (unless {@code LABDECK_HEADLESS} is set), and every other command is the CLI's.
 */
public final class LabDeckMain {
    private LabDeckMain() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            gui(args);
        } else if (args[0].equals("gui")) {
            gui(Arrays.copyOfRange(args, 1, args.length));
        } else if (args[0].equals("demo") && hasDisplay() && System.getenv("LABDECK_HEADLESS") == null) {
            String[] gui = new String[args.length];
            gui[0] = "--demo";
            System.arraycopy(args, 1, gui, 1, args.length - 1);
            LabDeckApp.main(gui);
        } else {
            LabDeckCli.main(args);
        }
    }

    /** On Linux a window needs X11 or Wayland; say so plainly instead of JavaFX's stack trace. */
    private static void gui(String[] args) {
        if (!hasDisplay() && !Arrays.asList(args).contains("--screenshot")) {
            System.err.println("""
                    labdeck: the desktop app needs a display (DISPLAY is not set).
                      Without one: 'labdeck demo' (runs on the terminal), 'labdeck run PROFILE', or
                      'labdeck gui --screenshot FILE [--view lab|run|run-done|results|labbox] [PROFILE]'; 'labdeck help' lists all commands.""");
            System.exit(2);
        }
        LabDeckApp.main(args);
    }

    private static boolean hasDisplay() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase().contains("linux")) {
            return true;
        }
        return System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
    }
}
