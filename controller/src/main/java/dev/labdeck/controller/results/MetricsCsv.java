package dev.labdeck.controller.results;

import dev.labdeck.protocol.Sample;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * metrics.csv in long format: {@code time,host,metric,labels,value}, one row per sample. Labels
 * are {@code key=value} pairs joined by {@code ;} in key order. Each batch of samples is flushed
 * when written, so a crash loses at most the last sample interval.
 */
public final class MetricsCsv implements AutoCloseable {
    public static final String FILE = "metrics.csv";
    public static final String HEADER = "time,host,metric,labels,value";

    private final BufferedWriter out;

    public MetricsCsv(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (fresh) {
            out.write(HEADER);
            out.write('\n');
            out.flush();
        }
    }

    public synchronized void append(String host, List<Sample> samples) throws IOException {
        for (Sample s : samples) {
            out.write(Instant.ofEpochMilli(s.timeMs()).toString());
            out.write(',');
            out.write(quote(host));
            out.write(',');
            out.write(quote(s.metric()));
            out.write(',');
            out.write(quote(labels(s.labels())));
            out.write(',');
            out.write(number(s.value()));
            out.write('\n');
        }
        out.flush();
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows of a run's metrics.csv that match {@code filter}, in file order; torn lines are skipped. */
    public static List<MetricRow> read(Path dir, Predicate<MetricRow> filter) throws IOException {
        Path file = dir.resolve(FILE);
        List<MetricRow> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine(); // header
            while ((line = in.readLine()) != null) {
                MetricRow row = parse(line);
                if (row != null && filter.test(row)) {
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    static MetricRow parse(String line) {
        List<String> f = split(line);
        if (f.size() != 5) {
            return null;
        }
        try {
            return new MetricRow(Instant.parse(f.get(0)).toEpochMilli(), f.get(1), f.get(2), parseLabels(f.get(3)),
                    Double.parseDouble(f.get(4)));
        } catch (RuntimeException torn) {
            return null;
        }
    }

    static String labels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        new TreeMap<>(labels).forEach((k, v) -> {
            if (!b.isEmpty()) b.append(';');
            b.append(k).append('=').append(v);
        });
        return b.toString();
    }

    static Map<String, String> parseLabels(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        if (s.isEmpty()) {
            return m;
        }
        for (String kv : s.split(";")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return m;
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String quote(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        fields.add(cur.toString());
        return fields;
    }
}
