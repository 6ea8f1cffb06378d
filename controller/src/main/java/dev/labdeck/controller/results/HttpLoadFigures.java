package dev.labdeck.controller.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * report.html's headline of an HTTP load (summary.json {@code http}, with {@code measure}): what a
 * person reads first, in words and units — requests, requests/s, errors by kind, latency
 * percentiles, connections, duration and the bytes its connections carried — and, before them, what the run did not reach of
 * what the profile asked ({@code http.not_reached}). Keys it does not know are listed after, so a
 * figure added to the summary is never hidden.
 */
final class HttpLoadFigures {
    /** Keys of {@code http} drawn in words here. */
    private static final Set<String> SHOWN = Set.of("requests", "requests_per_s", "errors", "errors_by_kind", "status_codes",
            "last_error", "latency_us", "connections", "duration_s", "requested_duration_s", "requested_rate_per_s",
            "tx_bytes", "rx_bytes", "not_reached");

    private HttpLoadFigures() {}

    /**
     * The HTTP block: a heading naming the load's host and url (from the profile as run, may be
     * null), its figures, and the measurement's window.
     */
    static void render(StringBuilder b, JsonNode http, JsonNode measure, JsonNode httpProfile) {
        String host = httpProfile == null ? "" : httpProfile.path("host").asText("");
        String url = httpProfile == null ? "" : httpProfile.path("url").asText("");
        b.append("<h3 id=\"http\">HTTP load").append(host.isEmpty() ? "" : " from " + HtmlReport.esc(host))
                .append(url.isEmpty() ? "" : " on <code>" + HtmlReport.esc(url) + "</code>").append("</h3>\n");
        JsonNode notReached = http.path("not_reached");
        if (notReached.isObject() && !notReached.isEmpty()) {
            b.append("<p class=\"warn box\"><strong>Not reached:</strong> ");
            List<String> parts = new ArrayList<>();
            notReached.fields().forEachRemaining(e -> parts.add(HtmlReport.esc(e.getValue().asText())));
            b.append(String.join("; ", parts)).append(".</p>\n");
        }
        b.append("<table>\n");
        row(b, "Requests answered", HtmlReport.fmt(http.path("requests").asLong()) + statusCodes(http.path("status_codes")));
        double seconds = http.path("duration_s").asDouble();
        row(b, "Requests per second", String.format(Locale.ROOT, "%,.1f requests/s", http.path("requests_per_s").asDouble())
                + String.format(Locale.ROOT, " over %.3f s", seconds)
                + (http.path("requested_rate_per_s").isNumber()
                        ? String.format(Locale.ROOT, " (%,d requests/s asked)", http.path("requested_rate_per_s").asLong())
                        : " (closed loop: as fast as the server answered)"));
        row(b, "Errors", errors(http));
        JsonNode lat = http.path("latency_us");
        if (lat.isObject()) {
            row(b, "Latency, request sent to answer read", String.format(Locale.ROOT, "p50 %s, p90 %s, p99 %s, p99.9 %s, max %s, mean %s",
                    micros(lat.path("p50")), micros(lat.path("p90")), micros(lat.path("p99")), micros(lat.path("p99_9")),
                    micros(lat.path("max")), micros(lat.path("mean"))));
        }
        row(b, "Connections", HtmlReport.fmt(http.path("connections").asLong()) + " keep-alive, one request in flight each");
        row(b, "Duration", String.format(Locale.ROOT, "%.3f s", seconds)
                + (http.path("requested_duration_s").isNumber()
                        ? String.format(Locale.ROOT, " of %s s asked", num(http.path("requested_duration_s"))) : ""));
        row(b, "Bytes sent", bytes(http.path("tx_bytes")) + " (the requests whole, as written to the connections: lines, headers, bodies)");
        row(b, "Bytes received", bytes(http.path("rx_bytes")) + " (the answers whole, as read from the connections: status lines, headers, bodies)");
        if (measure != null && measure.isObject()) {
            row(b, "Measurement", String.format(Locale.ROOT, "%.3f s of %s s asked, ended by %s", measure.path("duration_s").asDouble(),
                    num(measure.path("requested_s")), measure.path("ended_by").asText("?")));
        }
        http.fields().forEachRemaining(e -> {
            if (!SHOWN.contains(e.getKey())) {
                row(b, "http." + e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
            }
        });
        b.append("</table>\n");
    }

    /** The measurement window alone, for a run without HTTP load (services as the load). */
    static void renderMeasure(StringBuilder b, JsonNode measure) {
        b.append("<h3 id=\"measure\">Measurement</h3>\n<table>\n");
        row(b, "Duration", String.format(Locale.ROOT, "%.3f s of %s s asked", measure.path("duration_s").asDouble(),
                num(measure.path("requested_s"))));
        row(b, "Ended by", measure.path("ended_by").asText("?"));
        b.append("</table>\n");
    }

    private static String statusCodes(JsonNode codes) {
        if (!codes.isObject() || codes.isEmpty()) return "";
        List<String> parts = new ArrayList<>();
        codes.fields().forEachRemaining(e -> parts.add("status " + e.getKey() + ": " + HtmlReport.fmt(e.getValue().asLong())));
        return " (" + String.join(", ", parts) + ")";
    }

    /** The errors with their kinds: status codes of 400 and above, and requests never answered. */
    private static String errors(JsonNode http) {
        long n = http.path("errors").asLong();
        if (n == 0) return "0";
        List<String> kinds = new ArrayList<>();
        JsonNode byKind = http.path("errors_by_kind");
        if (byKind.isObject() && !byKind.isEmpty()) {
            byKind.fields().forEachRemaining(e -> kinds.add(e.getKey() + ": " + HtmlReport.fmt(e.getValue().asLong())));
        } else {
            // before the agent counted errors by kind: the answered ones by status, the rest unanswered
            long answered = 0;
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) http.path("status_codes")::fields) {
                if (e.getKey().compareTo("400") >= 0 && e.getKey().length() == 3) {
                    kinds.add("status " + e.getKey() + ": " + HtmlReport.fmt(e.getValue().asLong()));
                    answered += e.getValue().asLong();
                }
            }
            if (n > answered) kinds.add("not answered: " + HtmlReport.fmt(n - answered));
        }
        String last = http.path("last_error").asText("");
        return HtmlReport.fmt(n) + " (" + String.join(", ", kinds) + ")" + (last.isEmpty() ? "" : "; last: " + last);
    }

    private static String micros(JsonNode v) {
        if (!v.isNumber()) return "?";
        double d = v.asDouble();
        return d == Math.rint(d) ? String.format(Locale.ROOT, "%,d µs", (long) d) : String.format(Locale.ROOT, "%,.1f µs", d);
    }

    private static String bytes(JsonNode v) {
        return v.isNumber() ? HtmlReport.fmt(v.asLong()) + " bytes" : "not counted";
    }

    private static String num(JsonNode v) {
        if (!v.isNumber()) return "?";
        double d = v.asDouble();
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.3f", d);
    }

    private static void row(StringBuilder b, String k, String v) {
        b.append("<tr><th>").append(HtmlReport.esc(k)).append("</th><td>").append(HtmlReport.esc(v)).append("</td></tr>\n");
    }
}
