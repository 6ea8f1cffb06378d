package dev.labdeck.controller.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.labdeck.controller.results.RunDirectory;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.SummaryJson;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One run as a comparison sees it: its summary, every number of summary.json by dotted path (the
 * same paths thresholds use), and every setting of the profile it ran (profile.yaml) plus what its
 * hosts reported, as text by dotted path.
 *
 * @param name     the run directory's name
 * @param figures  numbers of summary.json, e.g. {@code traffic.rx_pps}, {@code traffic.per_flow.0.lost_packets}
 * @param settings the profile's scalars, e.g. {@code traffic.rate_pps}, and {@code host.dst.kernel}
 */
public record ComparedRun(String name, Path directory, RunSummary summary, Map<String, Double> figures,
                          Map<String, String> settings) {

    /** Parts of summary.json that are not figures of the measurement: clock times, the thresholds' own copies. */
    private static final Set<String> NOT_FIGURES = Set.of("thresholds", "hosts", "run_directory");
    private static final Set<String> CLOCK_FIELDS = Set.of("started_ms", "ended_ms", "time_ms", "measure_start_ms",
            "measure_end_ms");

    /**
     * Reads a run from its directory (or its summary.json). A bare name that is not a path is looked
     * up below {@code runsRoot}.
     *
     * @throws IOException with a message for people when there is no such run or it has no summary
     */
    public static ComparedRun load(String given, Path runsRoot) throws IOException {
        Path p = Path.of(given);
        if (Files.isRegularFile(p) && p.getFileName().toString().equals(SummaryJson.FILE)) {
            p = p.toAbsolutePath().getParent();
        }
        if (!Files.isDirectory(p) && runsRoot != null && Files.isDirectory(runsRoot.resolve(given))) {
            p = runsRoot.resolve(given);
        }
        if (!Files.isDirectory(p)) {
            throw new IOException(given + ": no such run directory");
        }
        Path summaryFile = p.resolve(SummaryJson.FILE);
        if (!Files.isRegularFile(summaryFile)) {
            throw new IOException(given + ": no summary.json (the run is still going, or it crashed before its report)");
        }
        String json = Files.readString(summaryFile);
        RunSummary summary;
        JsonNode tree;
        try {
            summary = SummaryJson.parse(json);
            tree = ProtocolJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new IOException(summaryFile + ": not a LabDeck summary: " + e.getMessage(), e);
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!NOT_FIGURES.contains(e.getKey())) {
                numbers(e.getKey(), e.getValue(), figures);
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Path profile = p.resolve(RunDirectory.PROFILE);
        if (Files.isRegularFile(profile)) {
            try {
                JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(profile.toFile());
                if (yaml != null) {
                    scalars("", yaml, settings);
                }
            } catch (IOException e) {
                settings.put("profile", "unreadable: " + e.getMessage());
            }
        }
        summary.hosts().forEach((host, h) -> {
            settings.put("host." + host + ".agent", h.agentVersion());
            settings.put("host." + host + ".os", h.os());
            settings.put("host." + host + ".kernel", h.kernel());
            settings.put("host." + host + ".cpus", Integer.toString(h.cpus()));
        });
        return new ComparedRun(p.getFileName().toString(), p.toAbsolutePath(), summary, figures, settings);
    }

    private static void numbers(String path, JsonNode n, Map<String, Double> out) {
        if (n.isNumber()) {
            String leaf = path.substring(path.lastIndexOf('.') + 1);
            if (!CLOCK_FIELDS.contains(leaf)) {
                out.put(path, n.doubleValue());
            }
        } else if (n.isObject()) {
            n.fields().forEachRemaining(e -> numbers(path + "." + e.getKey(), e.getValue(), out));
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                numbers(path + "." + i, n.get(i), out);
            }
        }
    }

    private static void scalars(String path, JsonNode n, Map<String, String> out) {
        String prefix = path.isEmpty() ? "" : path + ".";
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> scalars(prefix + e.getKey(), e.getValue(), out));
        } else if (n.isArray()) {
            boolean flat = true;
            for (JsonNode x : n) flat &= x.isValueNode();
            if (flat) {
                StringBuilder b = new StringBuilder("[");
                for (JsonNode x : n) b.append(b.length() > 1 ? ", " : "").append(x.asText());
                out.put(path, b.append(']').toString());
            } else {
                for (int i = 0; i < n.size(); i++) scalars(prefix + i, n.get(i), out);
            }
        } else if (!n.isNull() && !path.isEmpty()) {
            out.put(path, n.asText());
        }
    }
}
