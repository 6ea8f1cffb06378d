package dev.labdeck.controller.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes summary.json with the one JSON configuration (snake_case). Extra sections of
 * {@link RunSummary#sections()} become top-level keys, and unknown top-level keys are read back
 * into sections, so a section added by a stage survives a round trip.
 */
public final class SummaryJson {
    public static final String FILE = "summary.json";

    private static final Set<String> KNOWN = Set.of("status", "profile", "run_id", "started", "ended",
            "run_directory", "hosts", "traffic", "thresholds", "dst_cpu", "error");

    private SummaryJson() {}

    private static ObjectMapper mapper() {
        return ProtocolJson.mapper();
    }

    /** The summary as summary.json's tree: what thresholds are evaluated against. */
    public static ObjectNode toTree(RunSummary summary) {
        ObjectNode root = mapper().valueToTree(summary);
        summary.sections().forEach(root::set);
        return root;
    }

    public static String toJson(RunSummary summary) {
        try {
            return mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toTree(summary));
        } catch (IOException e) {
            throw new IllegalStateException("summary not serializable", e);
        }
    }

    /** Writes {@code dir/summary.json} through a temporary file, so a reader never sees half a file. */
    public static Path write(RunSummary summary, Path dir) throws IOException {
        Path target = dir.resolve(FILE);
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.writeString(tmp, toJson(summary) + "\n");
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    public static RunSummary read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public static RunSummary parse(String json) throws IOException {
        JsonNode root = mapper().readTree(json);
        if (root == null || !root.isObject()) {
            throw new IOException("summary is not a JSON object");
        }
        RunSummary base = mapper().treeToValue(root, RunSummary.class);
        Map<String, JsonNode> sections = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!KNOWN.contains(e.getKey())) {
                sections.put(e.getKey(), e.getValue());
            }
        }
        return withSections(base, sections);
    }

    /** A copy of {@code s} with {@code sections} (replacing its own). */
    public static RunSummary withSections(RunSummary s, Map<String, JsonNode> sections) {
        return new RunSummary(s.status(), s.profile(), s.runId(), s.started(), s.ended(), s.runDirectory(),
                s.hosts(), s.traffic(), s.thresholds(), s.dstCpu(), s.error(), sections);
    }
}
