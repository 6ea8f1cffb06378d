package dev.labdeck.controller.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The curves of a sweep, drawn from summary.json's {@code sweep.steps}: received against sent
 * rate, loss against rate, latency against rate (when the sink measured it), and the sink's CPU
 * per core against rate. The rate is what the source really sent (a step that fell short of its
 * rate offered the device only that). One line per packet size and per side (with XDP, baseline),
 * so XDP and its baseline share a chart.
 */
final class SweepCurves {

    private SweepCurves() {}

    static void render(StringBuilder b, JsonNode steps) {
        if (!steps.isArray() || steps.size() < 2) return;
        Map<String, List<JsonNode>> groups = new LinkedHashMap<>();
        double lo = Double.MAX_VALUE, hi = 0;
        for (JsonNode st : steps) {
            if (!st.path("rx_pps").isNumber()) continue;
            groups.computeIfAbsent(group(st), g -> new ArrayList<>()).add(st);
            double r = offered(st);
            lo = Math.min(lo, r);
            hi = Math.max(hi, r);
        }
        if (groups.isEmpty()) return;
        boolean logX = lo > 0 && hi / lo >= 8;
        String x = "sent rate, pps";

        List<SvgChart.Series> rx = new ArrayList<>();
        List<double[]> ideal = new ArrayList<>();
        for (JsonNode st : steps) {
            if (st.path("rx_pps").isNumber()) ideal.add(new double[] {offered(st), offered(st)});
        }
        ideal.sort((p, q) -> Double.compare(p[0], q[0]));
        rx.add(new SvgChart.Series("sent (no loss)", ideal));
        groups.forEach((g, list) -> rx.add(line(g + ": received", list, "rx_pps")));
        b.append(SvgChart.curve("Received against sent rate", "", x, rx, logX));

        List<SvgChart.Series> loss = new ArrayList<>();
        groups.forEach((g, list) -> loss.add(line(g, list, "loss_percent")));
        b.append(SvgChart.curve("Loss against sent rate", " %", x, loss, logX));

        List<String> latency = latencyKeys(steps);
        if (!latency.isEmpty()) {
            List<SvgChart.Series> lat = new ArrayList<>();
            groups.forEach((g, list) -> latency.forEach(k -> lat.add(line(g + ": " + percentile(k), list, k))));
            b.append(SvgChart.curve("One-way latency against sent rate", " µs", x, lat, logX));
        }

        List<SvgChart.Series> cpu = new ArrayList<>();
        groups.forEach((g, list) -> {
            Map<String, List<double[]>> cores = new TreeMap<>();
            for (JsonNode st : list) {
                st.path("dst_cpu_per_core").fields().forEachRemaining(e ->
                        cores.computeIfAbsent(e.getKey(), c -> new ArrayList<>()).add(new double[] {offered(st), e.getValue().asDouble()}));
            }
            cores.forEach((core, pts) -> cpu.add(new SvgChart.Series(g + ": core " + core, sorted(pts))));
        });
        if (!cpu.isEmpty()) {
            b.append(SvgChart.curve("CPU per core of the sink against sent rate", " %", x, cpu, logX));
        }
    }

    /** The rate a step offered the device: what the source really sent (else what was asked). */
    static double offered(JsonNode st) {
        return st.path("tx_pps").isNumber() ? st.path("tx_pps").asDouble() : st.path("rate_pps").asDouble();
    }

    private static String group(JsonNode st) {
        String g = st.path("packet_size").isNumber() ? st.path("packet_size").asInt() + " B" : "";
        if (st.path("with_xdp").isBoolean()) {
            g += (g.isEmpty() ? "" : ", ") + (st.path("with_xdp").asBoolean() ? "XDP" : "baseline");
        }
        return g.isEmpty() ? "steps" : g;
    }

    private static SvgChart.Series line(String name, List<JsonNode> steps, String key) {
        List<double[]> pts = new ArrayList<>();
        for (JsonNode st : steps) {
            if (st.path(key).isNumber()) pts.add(new double[] {offered(st), st.path(key).asDouble()});
        }
        return new SvgChart.Series(name, sorted(pts));
    }

    private static List<double[]> sorted(List<double[]> pts) {
        List<double[]> s = new ArrayList<>(pts);
        s.sort((p, q) -> Double.compare(p[0], q[0]));
        return s;
    }

    /** The steps' latency figures (latency_p50_us, latency_p99_us), in the order a step has them. */
    private static List<String> latencyKeys(JsonNode steps) {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        for (JsonNode st : steps) {
            for (var it = st.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (k.startsWith("latency") && st.path(k).isNumber()) keys.add(k);
            }
        }
        return List.copyOf(keys);
    }

    /** latency_p99_us → p99. */
    private static String percentile(String key) {
        return key.replaceFirst("^latency_?", "").replaceFirst("_?us$", "");
    }
}
