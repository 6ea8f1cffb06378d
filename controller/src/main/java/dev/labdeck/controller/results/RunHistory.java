package dev.labdeck.controller.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runs kept below a runs directory, for the desktop app's results view and for comparisons. */
public final class RunHistory {
    private static final Logger LOG = LoggerFactory.getLogger(RunHistory.class);

    /**
     * One run directory.
     *
     * @param summary empty while the run is still going, or when it crashed before writing one
     */
    public record Entry(Path directory, String name, Optional<RunSummary> summary) {}

    private final Path root;

    public RunHistory(Path root) {
        this.root = root;
    }

    /** {@code runs/} in the current directory, where {@code labdeck run} puts runs by default. */
    public static RunHistory defaultRuns() {
        return new RunHistory(Path.of("runs").toAbsolutePath());
    }

    public Path root() {
        return root;
    }

    /** Run directories, newest first (by their time-stamped names); unreadable summaries are logged and left empty. */
    public List<Entry> list() throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return entries;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                if (Files.exists(d.resolve(EventLog.FILE)) || Files.exists(d.resolve(SummaryJson.FILE))) {
                    entries.add(new Entry(d, d.getFileName().toString(), readSummary(d)));
                }
            }
        }
        entries.sort(Comparator.comparing(Entry::name).reversed());
        return entries;
    }

    /** The summary of one run directory, if it has a readable one. */
    public static Optional<RunSummary> readSummary(Path runDirectory) {
        Path f = runDirectory.resolve(SummaryJson.FILE);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SummaryJson.read(f));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read {}: {}", f, e.getMessage());
            return Optional.empty();
        }
    }
}
