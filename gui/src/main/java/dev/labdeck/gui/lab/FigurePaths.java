package dev.labdeck.gui.lab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.results.CpuSummary;
import dev.labdeck.controller.results.FlowSummary;
import dev.labdeck.controller.results.RunStatus;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.SummaryJson;
import dev.labdeck.controller.results.TrafficSummary;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Figures of summary.json a threshold can name, offered in the inspector. */
final class FigurePaths {
    private FigurePaths() {}

    static final List<String> EXAMPLES = List.of("traffic.loss_percent <= 0.1", "traffic.rx_pps >= 9000");

    /**
     * The numbers summary.json always has when traffic was measured (traffic.*, dst_cpu.*), found by
     * writing a summary with the controller's own writer: a figure added to the records appears here
     * by itself. Per-flow figures and clock readings are left out; stage sections (xdp, baseline,
     * http, sweep) depend on the profile and are named in the field's help instead.
     */
    static final List<String> ALWAYS = measured();

    private static List<String> measured() {
        TrafficSummary t = new TrafficSummary(1, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 2, List.<FlowSummary>of());
        RunSummary s = new RunSummary(RunStatus.PASSED, "p", "r", null, null, null, Map.of(), t, List.of(),
                new CpuSummary("dst", Map.of(), 1), null, Map.of());
        List<String> out = new ArrayList<>();
        numbers("", SummaryJson.toTree(s), out);
        out.removeIf(k -> k.endsWith("_ms") || k.contains(".per_flow.") || k.contains("per_core"));
        return List.copyOf(out);
    }

    private static void numbers(String prefix, JsonNode node, List<String> out) {
        if (node == null) return;
        if (node.isNumber()) {
            out.add(prefix);
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                numbers(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        }
    }

    /** The thresholds field's help: the form, examples, and every figure it can name. */
    static String help() {
        return "Conditions on summary.json's figures, separated by ';' — e.g. " + String.join("; ", EXAMPLES)
                + ". Figures: " + String.join(", ", ALWAYS)
                + "; and the numbers of the sections a profile adds (xdp.*, baseline.*, http.*, sweep.*): see a run's summary.json.";
    }
}
