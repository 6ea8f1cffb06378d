package dev.labdeck.controller.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Where a run's files go: {@code <runs>/<yyyyMMdd-HHmmss>-<profile>/} (local time, so people find
 * their run), or a directory the user names with {@code --out}.
 */
public final class RunDirectory {
    public static final String PROFILE = "profile.yaml";
    public static final String JUNIT = "junit.xml";
    public static final String REPORT = "report.html";
    /** Sub-directory with one log file per service, {@code <host>-<service>.log}. */
    public static final String SERVICES = "services";

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private RunDirectory() {}

    /** Creates a fresh run directory below {@code runsRoot}; a second run in the same second gets a suffix. */
    public static Path create(Path runsRoot, String profileName, Instant start) throws IOException {
        Files.createDirectories(runsRoot);
        String base = STAMP.format(start.atZone(ZoneId.systemDefault())) + "-" + slug(profileName);
        for (int i = 1; ; i++) {
            Path dir = runsRoot.resolve(i == 1 ? base : base + "-" + i);
            try {
                return Files.createDirectory(dir);
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // another run started in the same second; try the next suffix
            }
        }
    }

    /**
     * The run's id, for its agents, summary.json, events and live metrics: its start time (as in a
     * directory LabDeck names), its profile and six random hex digits, e.g.
     * {@code 20261126-153012-lab-in-a-box-udp-3fa9c1}. Not the directory's name: {@code --out}
     * names repeat (every CI job's {@code results}), and runs below different roots may start in
     * the same second on one host, sharing its agents' state directory.
     */
    public static String runId(String profileName, Instant start) {
        return STAMP.format(start.atZone(ZoneId.systemDefault())) + "-" + slug(profileName) + "-"
                + java.util.HexFormat.of().toHexDigits(java.util.concurrent.ThreadLocalRandom.current().nextInt()).substring(2);
    }

    /** Uses {@code dir} as the run directory; refuses one that already holds a run (its event log or summary). */
    public static Path useExplicit(Path dir) throws IOException {
        if (holdsRun(dir)) {
            throw new IOException(dir + " already holds a run (" + (Files.exists(dir.resolve(EventLog.FILE))
                    ? EventLog.FILE : SummaryJson.FILE) + " exists); choose another --out directory");
        }
        return Files.createDirectories(dir);
    }

    /** Whether {@code dir} holds a run: its event log, or its summary (a run may keep no event log). */
    public static boolean holdsRun(Path dir) {
        return Files.exists(dir.resolve(EventLog.FILE)) || Files.exists(dir.resolve(SummaryJson.FILE));
    }

    /** A profile name made safe for a file name: letters, digits, '-', '_' and '.'. */
    public static String slug(String profileName) {
        String s = profileName == null ? "" : profileName.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "run" : s;
    }
}
