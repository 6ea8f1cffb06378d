package dev.labdeck.controller.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The terminal's lines for a sweep's steps or a search's answers (summary.json's sweep and search sections). */
public final class SweepLines {
    private SweepLines() {}

    /** One line per step, or per packet size and side of a search; empty for a run that measured once. */
    public static List<String> of(Map<String, JsonNode> sections) {
        List<String> out = new ArrayList<>();
        JsonNode sweep = sections.get("sweep");
        if (sweep != null) {
            for (JsonNode st : sweep.path("steps")) {
                out.add(String.format(Locale.ROOT, "step %-28s sent %,9.0f pps, received %,9.0f pps, lost %.3f %%%s%s",
                        st.path("name").asText(), st.path("tx_pps").asDouble(), st.path("rx_pps").asDouble(),
                        st.path("loss_percent").asDouble(),
                        st.path("latency_p50_us").isNumber() ? String.format(Locale.ROOT, ", p50 %.1f µs", st.path("latency_p50_us").asDouble()) : "",
                        st.path("generator_limited").asBoolean()
                                ? String.format(Locale.ROOT, " (generator-limited: %,d pps asked)", st.path("rate_pps").asLong()) : ""));
            }
        }
        JsonNode search = sections.get("search");
        if (search != null) {
            for (JsonNode r : search.path("results")) {
                String side = r.path("with_xdp").isBoolean() ? (r.path("with_xdp").asBoolean() ? ", with XDP" : ", without XDP") : "";
                out.add(String.format(Locale.ROOT, "throughput, %d-byte payloads%s: %s", r.path("packet_size").asInt(), side,
                        r.path("verdict").asText()));
            }
        }
        return out;
    }
}
