package dev.labdeck.controller.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code labdeck bench gui-start}: the desktop app's first window against a named peer, a minimal JavaFX
 * window (one Stage with a TabPane and a Label), both started with the app's own java command line (the
 * launcher's {@code gui-command}: same JVM, flags, class path), interleaved round by round, warm (each with a
 * class-data archive of its own, made by an unmeasured start first, as the launcher makes the app's) and cold
 * (no class-data archive of the app: the JDK's own only). A start is timed from spawning the JVM to the line
 * it prints when its first window is laid out ({@code --time-start}); the JVM's own figure is kept beside it.
 */
public final class GuiStartBench {
    /** The peer's main class, in the gui jar. */
    public static final String PEER = "dev.labdeck.gui.bench.MinimalWindow";
    private static final String APP_NAME = "labdeck", PEER_NAME = "minimal JavaFX window";
    private static final Pattern LAID_OUT = Pattern.compile("first window laid out (\\d+) ms after the JVM started");

    public enum Mode { WARM, COLD }

    /**
     * @param appCommand the app's java command line (java ... main class), without the app's arguments
     * @param display    the X display to show the windows on; null: JavaFX's Headless platform
     */
    public record Settings(List<String> appCommand, int rounds, Path scratch, String display) {
        public Settings {
            appCommand = List.copyOf(appCommand);
            if (rounds < 1) throw new IllegalArgumentException("--rounds must be at least 1, not " + rounds);
        }
    }

    /** One start: from spawning the JVM to its first laid-out window ({@code wall}); {@code jvmMs} as the JVM counts it. */
    public record Start(int round, String app, Mode mode, Duration wall, long jvmMs) {}

    public record Result(Settings settings, List<Start> starts, Instant at, String loadBefore, String loadAfter) {
        public List<Start> of(String app, Mode mode) {
            return starts.stream().filter(s -> s.app().equals(app) && s.mode() == mode).toList();
        }

        /** The median wall time of {@code app}'s starts in {@code mode}, in ms. */
        public double medianMs(String app, Mode mode) {
            double[] ms = of(app, mode).stream().mapToDouble(s -> s.wall().toNanos() / 1e6).sorted().toArray();
            if (ms.length == 0) return Double.NaN;
            return ms.length % 2 == 1 ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
        }

        /** LabDeck's median over the peer's: how many times longer LabDeck's first window takes. */
        public double ratio(Mode mode) {
            return medianMs(APP_NAME, mode) / medianMs(PEER_NAME, mode);
        }
    }

    private GuiStartBench() {}

    public static Result run(Settings s, Consumer<String> progress) throws BenchException {
        String loadBefore = load();
        List<Start> starts = new ArrayList<>();
        // the warm starts' archives: made by one unmeasured start of each, as the launcher's first start makes the app's
        for (String app : List.of(APP_NAME, PEER_NAME)) {
            progress.accept("making the class-data archive of the " + app + " (one unmeasured start)");
            start(s, app, Mode.WARM, 0);
        }
        for (int round = 1; round <= s.rounds(); round++) {
            // alternate who goes first, so a drift in the machine's load hits both alike
            List<String> order = round % 2 == 1 ? List.of(APP_NAME, PEER_NAME) : List.of(PEER_NAME, APP_NAME);
            for (Mode mode : Mode.values()) {
                for (String app : order) {
                    Start st = start(s, app, mode, round);
                    starts.add(st);
                    progress.accept(String.format(Locale.ROOT, "round %d  %-4s  %-21s %6d ms   (JVM: %d ms)",
                            round, mode.name().toLowerCase(Locale.ROOT), app, st.wall().toMillis(), st.jvmMs()));
                }
            }
        }
        return new Result(s, List.copyOf(starts), Instant.now(), loadBefore, load());
    }

    private static Start start(Settings s, String app, Mode mode, int round) throws BenchException {
        List<String> command = command(s, app, mode);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (s.display() != null) pb.environment().put("DISPLAY", s.display());
        else pb.environment().remove("DISPLAY");
        StringBuilder output = new StringBuilder();
        try {
            long t0 = System.nanoTime();
            Process p = pb.start();
            Long jvmMs = null;
            long t1 = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (jvmMs == null) {
                        Matcher m = LAID_OUT.matcher(line);
                        if (m.find()) {
                            t1 = System.nanoTime();
                            jvmMs = Long.parseLong(m.group(1));
                        }
                    }
                    output.append(line).append('\n');
                }
            }
            // the process closes its output when it exits; a warm first start writes its archive before that
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BenchException(app + " (" + mode + ", round " + round + ") did not exit in 120 s:\n" + output);
            }
            if (jvmMs == null || p.exitValue() != 0) {
                throw new BenchException(app + " (" + mode + ", round " + round + ") did not report its first window (exit "
                        + p.exitValue() + "):\n" + output);
            }
            return new Start(round, app, mode, Duration.ofNanos(t1 - t0), jvmMs);
        } catch (IOException e) {
            throw new BenchException("cannot start " + app + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while starting " + app, e);
        }
    }

    /** The app's command line for {@code app} in {@code mode}: only the main class, its arguments and the archive differ. */
    static List<String> command(Settings s, String app, Mode mode) {
        List<String> c = new ArrayList<>();
        for (String w : s.appCommand().subList(0, s.appCommand().size() - 1)) {
            if (w.equals("-XX:+AutoCreateSharedArchive") || w.startsWith("-XX:SharedArchiveFile=")) continue;
            c.add(w);
        }
        if (mode == Mode.WARM) {
            c.addAll(1, List.of("-XX:+AutoCreateSharedArchive",
                    "-XX:SharedArchiveFile=" + s.scratch().resolve(app.replace(' ', '-') + ".jsa")));
        }
        if (s.display() == null) c.addAll(1, List.of("-Dglass.platform=Headless", "-Dprism.order=sw"));
        if (app.equals(APP_NAME)) {
            c.add(s.appCommand().getLast());
            c.add("--time-start");
        } else {
            c.add(PEER);
        }
        return c;
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The figures as text: one line per app and mode, the ratios, and how they were measured. */
    public static String summary(Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nfirst window, median of %d rounds (wall time from spawning the JVM):%n", r.settings().rounds()));
        for (Mode mode : Mode.values()) {
            b.append(String.format(Locale.ROOT, "  %-4s  labdeck %6.0f ms   minimal JavaFX window %6.0f ms   labdeck/peer %.2fx%n",
                    mode.name().toLowerCase(Locale.ROOT), r.medianMs(APP_NAME, mode), r.medianMs(PEER_NAME, mode), r.ratio(mode)));
        }
        b.append(String.format(Locale.ROOT, "display: %s; load average before %s, after %s; machine: %s%n",
                displayName(r.settings()), r.loadBefore(), r.loadAfter(), BenchReport.machine()));
        return b.toString();
    }

    /** The result as a Markdown section (headed "First window"), for docs/performance.md. */
    public static String markdown(Result r) {
        StringBuilder b = new StringBuilder();
        b.append("## First window: LabDeck against a minimal JavaFX window\n\n");
        b.append("Written by `./labdeck bench gui-start --rounds ").append(r.settings().rounds())
                .append(" --markdown docs/performance.md` on ").append(r.at()).append(" (display ")
                .append(displayName(r.settings())).append("; load average before ").append(r.loadBefore())
                .append(", after ").append(r.loadAfter()).append("; machine: ").append(BenchReport.machine()).append(").\n\n");
        b.append("Both started with the app's own java command line (`./labdeck gui-command`); the peer is "
                + "`dev.labdeck.gui.bench.MinimalWindow` (one Stage of the app's size, a TabPane with two tabs and a Label). "
                + "Time from spawning the JVM to the line each prints at its first laid-out window; rounds interleaved, "
                + "who goes first alternating. Warm: each with its own class-data archive (made by one unmeasured start); "
                + "cold: without it.\n\n");
        b.append("| start | LabDeck (median) | minimal JavaFX window (median) | LabDeck / peer |\n|---|---:|---:|---:|\n");
        for (Mode mode : Mode.values()) {
            b.append(String.format(Locale.ROOT, "| %s | %.0f ms | %.0f ms | %.2f× |%n", mode.name().toLowerCase(Locale.ROOT),
                    r.medianMs(APP_NAME, mode), r.medianMs(PEER_NAME, mode), r.ratio(mode)));
        }
        b.append("\n| round | start | app | ms (wall) | ms (JVM's own count) |\n|---:|---|---|---:|---:|\n");
        for (Start st : r.starts()) {
            b.append(String.format(Locale.ROOT, "| %d | %s | %s | %d | %d |%n", st.round(), st.mode().name().toLowerCase(Locale.ROOT),
                    st.app(), st.wall().toMillis(), st.jvmMs()));
        }
        return b.toString();
    }

    private static String displayName(Settings s) {
        return s.display() == null ? "none: JavaFX's Headless platform, software rendering" : s.display();
    }
}
