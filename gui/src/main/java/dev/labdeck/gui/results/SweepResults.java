package dev.labdeck.gui.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a sweep or a throughput search measured, as curves against the rate really sent (summary.json's
 * {@code sweep.steps}, or every trial of {@code search}): received, loss, one-way latency and the
 * sink's CPU per core; one line per packet size and side (XDP, baseline), so they share a chart;
 * and the search's answer per size and side. Empty for a run that measured once.
 *
 * @param curves   in the order received, loss, latency (when measured), CPU (when sampled)
 * @param searches one row per packet size and side; empty for a sweep
 */
public record SweepResults(List<Curve> curves, List<SearchRow> searches) {

    /** @param unit after the figure, e.g. "pps", "%", "µs" */
    public record Curve(String title, String unit, List<Line> lines) {}

    /** @param points {offered pps, figure}, by offered rate */
    public record Line(String name, List<double[]> points) {}

    /** @param throughputPps null when no rate met the loss limit */
    public record SearchRow(int packetSize, String side, Long throughputPps, boolean generatorLimited, int trials, String verdict) {}

    public static final SweepResults NONE = new SweepResults(List.of(), List.of());

    public boolean isEmpty() {
        return curves.isEmpty() && searches.isEmpty();
    }

    /** Reads {@code summary.json} of a run directory; {@link #NONE} when it has neither sweep nor search. Blocks: call off the UI thread. */
    public static SweepResults read(Path runDirectory) throws IOException {
        Path f = runDirectory.resolve("summary.json");
        return Files.isRegularFile(f) ? of(ProtocolJson.mapper().readTree(f.toFile())) : NONE;
    }

    public static SweepResults of(JsonNode summary) {
        List<JsonNode> points = new ArrayList<>();
        List<SearchRow> searches = new ArrayList<>();
        summary.path("sweep").path("steps").forEach(points::add);
        for (JsonNode r : summary.path("search").path("results")) {
            String side = side(r);
            searches.add(new SearchRow(r.path("packet_size").asInt(), side, r.path("throughput_pps").isNumber()
                    ? r.path("throughput_pps").asLong() : null, r.path("generator_limited").asBoolean(),
                    r.path("trials").size(), r.path("verdict").asText("")));
            for (JsonNode t : r.path("trials")) {
                // a trial as a point: its offered rate, the figures it measured, its size and side
                var p = t.deepCopy();
                if (p instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                    o.put("rate_pps", t.path("offered_pps").asLong());
                    o.put("packet_size", r.path("packet_size").asInt());
                    if (r.has("with_xdp")) o.set("with_xdp", r.get("with_xdp"));
                }
                points.add(p);
            }
        }
        return new SweepResults(curves(points), List.copyOf(searches));
    }

    private static List<Curve> curves(List<JsonNode> steps) {
        Map<String, List<JsonNode>> groups = new LinkedHashMap<>();
        for (JsonNode st : steps) {
            if (st.path("rx_pps").isNumber()) groups.computeIfAbsent(group(st), g -> new ArrayList<>()).add(st);
        }
        if (groups.isEmpty()) return List.of();
        List<Curve> out = new ArrayList<>();
        List<Line> rx = new ArrayList<>();
        List<double[]> ideal = new ArrayList<>();
        steps.stream().filter(st -> st.path("rx_pps").isNumber()).mapToDouble(SweepResults::offered).distinct()
                .forEach(r -> ideal.add(new double[] {r, r}));
        rx.add(new Line("sent (no loss)", sorted(ideal)));
        groups.forEach((g, list) -> rx.add(line(g + ": received", list, "rx_pps")));
        out.add(new Curve("Received against sent rate", "pps", rx));
        List<Line> loss = new ArrayList<>();
        groups.forEach((g, list) -> loss.add(line(g, list, "loss_percent")));
        out.add(new Curve("Loss against sent rate", "%", loss));
        Set<String> latency = new LinkedHashSet<>();
        steps.forEach(st -> st.fieldNames().forEachRemaining(k -> {
            if (k.startsWith("latency") && st.path(k).isNumber()) latency.add(k);
        }));
        if (!latency.isEmpty()) {
            List<Line> lat = new ArrayList<>();
            groups.forEach((g, list) -> latency.forEach(k -> lat.add(line(g + ": " + k.replaceFirst("^latency_?", "")
                    .replaceFirst("_?us$", ""), list, k))));
            out.add(new Curve("One-way latency against sent rate", "µs", lat));
        }
        List<Line> cpu = new ArrayList<>();
        groups.forEach((g, list) -> {
            Map<String, List<double[]>> cores = new TreeMap<>();
            for (JsonNode st : list) {
                st.path("dst_cpu_per_core").fields().forEachRemaining(e ->
                        cores.computeIfAbsent(e.getKey(), c -> new ArrayList<>()).add(new double[] {offered(st), e.getValue().asDouble()}));
            }
            cores.forEach((core, pts) -> cpu.add(new Line(g + ": core " + core, sorted(pts))));
        });
        if (!cpu.isEmpty()) out.add(new Curve("Sink CPU per core against sent rate", "%", cpu));
        return List.copyOf(out);
    }

    /** The rate the device was offered: what the source really sent (a step may fall short of its rate), else what was asked. */
    static double offered(JsonNode st) {
        return st.path("tx_pps").isNumber() ? st.path("tx_pps").asDouble() : st.path("rate_pps").asDouble();
    }

    private static String side(JsonNode st) {
        return st.path("with_xdp").isBoolean() ? (st.path("with_xdp").asBoolean() ? "XDP" : "baseline") : "";
    }

    private static String group(JsonNode st) {
        String g = st.path("packet_size").isNumber() ? st.path("packet_size").asInt() + " B" : "";
        String side = side(st);
        if (!side.isEmpty()) g += (g.isEmpty() ? "" : ", ") + side;
        return g.isEmpty() ? "steps" : g;
    }

    private static Line line(String name, List<JsonNode> steps, String key) {
        List<double[]> pts = new ArrayList<>();
        for (JsonNode st : steps) {
            if (st.path(key).isNumber()) pts.add(new double[] {offered(st), st.path(key).asDouble()});
        }
        return new Line(name, sorted(pts));
    }

    private static List<double[]> sorted(List<double[]> pts) {
        List<double[]> s = new ArrayList<>(pts);
        s.sort((p, q) -> Double.compare(p[0], q[0]));
        return List.copyOf(s);
    }
}
