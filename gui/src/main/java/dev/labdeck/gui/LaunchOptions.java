package dev.labdeck.gui;

import java.nio.file.Path;
import java.util.List;

/**
 * The app's command line: {@code [PROFILE] [--demo] [--theme light|dark]
 * [--runs DIR] [--time-start] [--screenshot FILE [--view lab|run|run-done|results|labbox]]}.
 */
public record LaunchOptions(Path profile, boolean demo, String theme, Path screenshot, String view, Path runs, boolean timeStart) {

    public LaunchOptions(Path profile, boolean demo, String theme, Path screenshot, String view, Path runs) {
        this(profile, demo, theme, screenshot, view, runs, false);
    }

    /** Without a runs directory: runs go where the profile says (default runs/). */
    public LaunchOptions(Path profile, boolean demo, String theme, Path screenshot, String view) {
        this(profile, demo, theme, screenshot, view, null, false);
    }

    public static final String USAGE = "usage: labdeck gui [PROFILE] [--demo] [--theme light|dark] [--runs DIR] [--time-start] [--screenshot FILE [--view lab|run|run-done|results|labbox]]";

    public static LaunchOptions parse(List<String> args) {
        Path profile = null, screenshot = null, runs = null;
        boolean demo = false, timeStart = false;
        String theme = null, view = "lab";
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--demo" -> demo = true;
                case "--time-start" -> timeStart = true;
                case "--theme" -> theme = value(args, ++i, a);
                case "--screenshot" -> screenshot = Path.of(value(args, ++i, a));
                case "--runs" -> runs = Path.of(value(args, ++i, a)).toAbsolutePath();
                case "--view" -> {
                    view = value(args, ++i, a);
                    if (!List.of("lab", "run", "run-done", "results", "labbox").contains(view)) {
                        throw new IllegalArgumentException("--view must be lab, run, run-done, results or labbox, not " + view + "\n" + USAGE);
                    }
                }
                case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
                default -> {
                    if (a.startsWith("-")) throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
                    if (profile != null) throw new IllegalArgumentException("one profile at a time, not " + profile + " and " + a + "\n" + USAGE);
                    profile = Path.of(a);
                }
            }
        }
        return new LaunchOptions(profile, demo, theme, screenshot, view, runs, timeStart);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        return args.get(i);
    }
}
