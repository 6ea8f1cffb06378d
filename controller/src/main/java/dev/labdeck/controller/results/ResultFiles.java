package dev.labdeck.controller.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The profile's {@code results.formats}: which files a run directory keeps. summary.json,
 * profile.yaml and the logs (agents/, services/) are always kept; {@code json} is events.jsonl, {@code csv}
 * metrics.csv, {@code html} report.html, {@code junit} junit.xml. While a run goes, events.jsonl and
 * metrics.csv are written whatever the formats (a crash loses nothing, and the summary's CPU
 * figures and the report are made from them); those not asked for are removed when the run ends.
 */
public final class ResultFiles {
    /** Format word to the file it keeps, in the order a listing shows them. */
    public static final Map<String, String> BY_FORMAT = byFormat();

    private ResultFiles() {}

    private static Map<String, String> byFormat() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("json", EventLog.FILE);
        m.put("csv", MetricsCsv.FILE);
        m.put("html", RunDirectory.REPORT);
        m.put("junit", RunDirectory.JUNIT);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The format words a profile lists (its enum or its words), all of them when it lists none. */
    public static Set<String> wanted(Collection<?> formats) {
        if (formats == null || formats.isEmpty()) {
            return BY_FORMAT.keySet();
        }
        Set<String> words = new LinkedHashSet<>();
        formats.forEach(f -> words.add(f.toString()));
        return words;
    }

    public static boolean wants(Collection<?> formats, String word) {
        return wanted(formats).contains(word);
    }

    /** Removes the files of the formats not wanted; returns the names it removed. */
    public static List<String> removeUnwanted(Path runDirectory, Collection<?> formats) throws IOException {
        Set<String> keep = wanted(formats);
        List<String> removed = new ArrayList<>();
        for (Map.Entry<String, String> e : BY_FORMAT.entrySet()) {
            if (!keep.contains(e.getKey()) && Files.deleteIfExists(runDirectory.resolve(e.getValue()))) {
                removed.add(e.getValue());
            }
        }
        return removed;
    }
}
