package dev.labdeck.controller.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.labdeck.protocol.EventLevel;
import dev.labdeck.protocol.Metrics;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * report.html: one self-contained page (no scripts, no network) a person can open offline or attach
 * to a ticket. Read top to bottom it answers what an engineer asks of a run: did it pass, what went
 * wrong (warnings and errors first), what was tested (hosts, links, engine, rate, size, flows, XDP,
 * services), what came out (figures, baseline against XDP, sweep steps and search trials), per flow
 * and per port, and how it went over time (pps, CPU per core, memory, interfaces); then the whole
 * event log and the profile as run.
 */
public final class HtmlReport {

    /** Metrics drawn over time; every other row of metrics.csv only feeds the per-port tables. */
    private static final Set<String> CHARTED = Set.of(Metrics.TRAFFIC_TX_PPS, Metrics.SINK_RX_PPS, Metrics.CPU_CORE_UTIL,
            Metrics.MEM_USED_BYTES, Metrics.MEM_TOTAL_BYTES, Metrics.IF_RX_PPS, Metrics.IF_TX_PPS, Metrics.HTTP_REQUESTS_PER_S,
            Metrics.HTTP_LATENCY_US);
    private static final List<String> IF_COUNTERS = List.of(Metrics.IF_RX_PACKETS, Metrics.IF_TX_PACKETS, Metrics.IF_RX_BYTES,
            Metrics.IF_TX_BYTES, Metrics.IF_RX_DROPS, Metrics.IF_TX_DROPS, Metrics.IF_RX_ERRORS, Metrics.IF_TX_ERRORS);
    private static final List<String> DPDK_COUNTERS = List.of(Metrics.DPDK_RX_PACKETS, Metrics.DPDK_TX_PACKETS,
            Metrics.DPDK_RX_MISSED, Metrics.DPDK_RX_ERRORS, Metrics.DPDK_TX_ERRORS, Metrics.DPDK_RX_NOMBUF);
    /** What DPDK counted on a port over the measurement (summary.json {@code dpdk} and memif {@code links}). */
    private static final List<String> DPDK_WINDOW = List.of("rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_missed",
            "rx_nombuf", "rx_errors", "tx_errors");
    /** Sections of summary.json this page draws itself; any other is shown as JSON. */
    private static final Set<String> DRAWN_SECTIONS = Set.of("baseline", "xdp", "links", "sweep", "search", "services", "http",
            "measure", "dpdk");
    /** Keys of traffic in summary.json shown in the figures table already. */
    private static final Set<String> TRAFFIC_SHOWN = Set.of("tx_packets", "rx_packets", "lost_packets", "tx_pps", "rx_pps",
            "loss_percent", "started_ms", "ended_ms", "per_flow");

    private HtmlReport() {}

    public static Path write(RunSummary s, Path dir) throws IOException {
        Path file = dir.resolve(RunDirectory.REPORT);
        Files.writeString(file, render(s, dir));
        return file;
    }

    static String render(RunSummary s, Path dir) throws IOException {
        JsonNode root = SummaryJson.toTree(s);
        JsonNode profile = readProfile(dir);
        List<EventLine> events = EventLog.read(dir);
        Map<String, List<MetricRow>> charted = new TreeMap<>();
        Map<String, double[]> counters = new TreeMap<>(); // "host|metric|labels" -> {first, last}
        MetricsCsv.read(dir, r -> {
            if (CHARTED.contains(r.metric())) {
                charted.computeIfAbsent(r.metric(), m -> new ArrayList<>()).add(r);
            } else if (IF_COUNTERS.contains(r.metric()) || DPDK_COUNTERS.contains(r.metric())) {
                double[] fl = counters.computeIfAbsent(r.host() + "|" + r.metric() + "|" + MetricsCsv.labels(r.labels()),
                        k -> new double[] {r.value(), r.value()});
                fl[1] = r.value();
            }
            return false; // kept above; metrics.csv of a long run does not fit in memory as rows
        });

        StringBuilder b = new StringBuilder(64 * 1024);
        head(b, s);
        b.append("<h1>").append(esc(s.profile())).append(" <span class=\"badge ").append(s.status().json()).append("\">")
                .append(esc(s.status().json())).append("</span></h1>\n");
        String description = profile == null ? null : profile.path("description").asText(null);
        b.append("<p class=\"muted\">Run ").append(esc(s.runId())).append(", ").append(esc(s.started())).append(" to ")
                .append(esc(s.ended())).append(description == null ? "" : ". " + esc(description)).append("</p>\n");
        if (s.error() != null) {
            RunError e = s.error();
            b.append("<p class=\"error box\"><strong>The run failed</strong> ").append(e.host() == null ? "" : "on " + esc(e.host()) + " ")
                    .append("in ").append(esc(e.step())).append(": ").append(esc(e.message())).append("</p>\n");
        }
        toc(b, s, root, profile);
        mattered(b, events);
        figures(b, s, root, profile);
        services(b, root);
        thresholds(b, s);
        baselineAgainstXdp(b, root);
        sweep(b, root);
        search(b, root);
        settings(b, profile);
        flows(b, s, root);
        ports(b, root, counters);
        charts(b, s, charted, profile == null || profile.path("traffic").isObject());
        hosts(b, s);
        otherSections(b, s);
        eventLog(b, events);
        profileText(b, dir);
        b.append("<p class=\"muted\">Written by LabDeck. Files of this run: summary.json, events.jsonl, metrics.csv, junit.xml, profile.yaml")
                .append(root.has("sweep") ? ", sweep.csv, steps/" : "").append(".</p>\n</body></html>\n");
        return b.toString();
    }

    // ---- page parts -------------------------------------------------------------------------

    private static void head(StringBuilder b, RunSummary s) {
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>LabDeck run ")
                .append(esc(s.profile())).append(" — ").append(esc(s.status().json())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:1.5em auto;max-width:1000px;color:#222;padding:0 1em;font-size:15px}")
                .append("h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ddd}")
                .append("h3{font-size:1em;margin:1.2em 0 .3em}")
                .append("table{border-collapse:collapse;margin:.4em 0}td,th{padding:.2em .7em;border-bottom:1px solid #eee;text-align:left;vertical-align:top}")
                .append("th{font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}")
                .append(".passed,.better{color:#176b1e}.failed,.error,.worse{color:#a31515}.warn{color:#8a5a00}")
                .append(".badge{display:inline-block;padding:.1em .6em;border-radius:.3em;color:#fff;font-size:.8em;vertical-align:middle}")
                .append(".badge.passed{background:#2e7d32}.badge.failed{background:#c62828}.badge.error{background:#6d1b7b}")
                .append(".box{border:1px solid #e0b4b4;background:#fff6f6;padding:.5em .8em}")
                .append(".muted{color:#777}figure{margin:1.2em 0}figcaption{font-weight:600;margin-bottom:.3em}")
                .append(".legend{font-size:12px;display:flex;flex-wrap:wrap;gap:.3em 1.2em;margin-left:70px}.legend span{white-space:nowrap}")
                .append("nav{font-size:.9em;margin:.6em 0}nav a{margin-right:.9em}code{font-size:.92em}")
                .append("pre{background:#f6f6f6;padding:.6em;overflow:auto;font-size:12px}details summary{cursor:pointer;font-weight:600}")
                .append("</style></head><body>\n");
    }

    private static void toc(StringBuilder b, RunSummary s, JsonNode root, JsonNode profile) {
        b.append("<nav>");
        link(b, "mattered", "Warnings and errors");
        link(b, "figures", "Figures");
        if (root.has("sweep")) link(b, "sweep", "Sweep");
        if (root.has("search")) link(b, "search", "Throughput search");
        if (profile != null) link(b, "settings", "Settings");
        if (s.traffic() != null && !s.traffic().perFlow().isEmpty()) link(b, "flows", "Flows");
        link(b, "ports", "Ports");
        link(b, "charts", "Charts");
        link(b, "events", "Event log");
        b.append("</nav>\n");
    }

    private static void link(StringBuilder b, String id, String text) {
        b.append("<a href=\"#").append(id).append("\">").append(esc(text)).append("</a>");
    }

    /** Warnings and errors first: what a person must read before trusting the figures. */
    private static void mattered(StringBuilder b, List<EventLine> events) {
        List<EventLine> bad = events.stream().filter(e -> e.level() == EventLevel.WARN || e.level() == EventLevel.ERROR).toList();
        b.append("<h2 id=\"mattered\">Warnings and errors</h2>\n");
        if (bad.isEmpty()) {
            b.append("<p class=\"passed\">None: no host, stage or agent warned during this run.</p>\n");
            return;
        }
        b.append("<table><tr><th>Time</th><th>Phase</th><th>Host</th><th>Level</th><th>Message</th></tr>\n");
        for (EventLine e : bad) {
            b.append("<tr class=\"").append(esc(String.valueOf(e.level()))).append("\"><td>").append(esc(shortTime(e.time()))).append("</td><td>")
                    .append(esc(e.phase())).append("</td><td>").append(esc(e.host())).append("</td><td>").append(esc(String.valueOf(e.level())))
                    .append("</td><td>").append(esc(e.message())).append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    private static void figures(StringBuilder b, RunSummary s, JsonNode root, JsonNode profile) {
        b.append("<h2 id=\"figures\">Figures</h2>\n");
        if (root != null && (root.has("sweep") || root.has("search"))) {
            // a sweep or search measured many times: traffic's figures are those of its last step only
            b.append("<p class=\"muted\">The traffic figures below are the last ").append(root.has("sweep") ? "step's" : "trial's")
                    .append("; every step is in the ").append(root.has("sweep") ? "Sweep" : "Throughput search").append(" section.</p>\n");
        }
        boolean trafficAsked = profile == null || profile.path("traffic").isObject();
        boolean httpAsked = profile != null && profile.path("http").isObject();
        JsonNode http = root.path("http");
        JsonNode measure = root.path("measure");
        StringBuilder rows = new StringBuilder();
        TrafficSummary t = s.traffic();
        if (t != null) {
            row(rows, "Packets sent", fmt(t.txPackets()));
            row(rows, "Packets received", fmt(t.rxPackets()));
            row(rows, "Packets lost", fmt(t.lostPackets()) + " (" + pct(t.lossPercent()) + ")");
            row(rows, "Send rate", fmt(Math.round(t.txPps())) + " pps");
            row(rows, "Receive rate", fmt(Math.round(t.rxPps())) + " pps");
            row(rows, "Sending time", String.format(Locale.ROOT, "%.2f s", t.durationSeconds()));
            // what later engines add to traffic (engine, generator_limited, latency ...) without this page knowing them
            JsonNode traffic = root.path("traffic");
            for (Iterator<Map.Entry<String, JsonNode>> it = traffic.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!TRAFFIC_SHOWN.contains(e.getKey())) {
                    flatRows(rows, "traffic." + e.getKey(), e.getValue());
                }
            }
        } else if (trafficAsked) {
            row(rows, "Traffic", "not measured");
        }
        if (httpAsked && !http.isObject()) {
            row(rows, "HTTP load", "not measured");
        }
        if (s.dstCpu() != null) {
            StringBuilder cores = new StringBuilder();
            s.dstCpu().perCore().forEach((c, v) -> cores.append(cores.isEmpty() ? "" : ", ").append(c).append(": ")
                    .append(String.format(Locale.ROOT, "%.1f %%", v)));
            row(rows, "CPU of " + s.dstCpu().host(), String.format(Locale.ROOT, "%.1f %% mean over %d cores (%s)",
                    s.dstCpu().mean(), s.dstCpu().perCore().size(), cores));
        }
        if (rows.isEmpty() && !http.isObject() && !measure.isObject()) {
            row(rows, "Figures", s.error() != null ? "none: the run ended before its measurement"
                    : "none: the profile asks for neither traffic nor an HTTP load");
        }
        if (!rows.isEmpty()) {
            b.append("<table>\n").append(rows).append("</table>\n");
        }
        if (http.isObject()) {
            HttpLoadFigures.render(b, http, measure.isObject() ? measure : null, httpAsked ? profile.path("http") : null);
        } else if (measure.isObject()) {
            HttpLoadFigures.renderMeasure(b, measure);
        }
    }

    private static void thresholds(StringBuilder b, RunSummary s) {
        if (s.thresholds().isEmpty()) return;
        b.append("<h3>Thresholds</h3>\n<table><tr><th>Threshold</th><th class=\"n\">Actual</th><th>Result</th></tr>\n");
        for (ThresholdResult r : s.thresholds()) {
            b.append("<tr><td><code>").append(esc(r.expression())).append("</code></td><td class=\"n\">")
                    .append(r.actual() == null ? "missing" : esc(ThresholdEvaluator.format(r.actual())))
                    .append("</td><td class=\"").append(r.passed() ? "passed" : "failed").append("\">")
                    .append(r.passed() ? "holds" : "violated").append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    /** The seed's question in one table: the same traffic without XDP and with it. */
    private static void baselineAgainstXdp(StringBuilder b, JsonNode root) {
        JsonNode base = root.get("baseline");
        JsonNode xdp = root.get("xdp");
        if (base == null && xdp == null) return;
        b.append("<h3>XDP against the baseline</h3>\n");
        if (base != null && xdp != null && xdp.has("rx_pps")) {
            b.append("<table><tr><th>Figure</th><th class=\"n\">Baseline (").append(esc(base.path("kind").asText("without XDP")))
                    .append(")</th><th class=\"n\">With XDP</th><th class=\"n\">Change</th></tr>\n");
            for (String[] f : new String[][] {{"rx_pps", "Receive rate, pps", "+"}, {"tx_pps", "Send rate, pps", "+"},
                    {"loss_percent", "Loss, %", "-"}, {"lost_packets", "Packets lost", "-"}}) {
                compareRow(b, f[1], base.path(f[0]), xdp.path(f[0]), f[2].equals("+"));
            }
            compareRow(b, "CPU of the sink host, mean %", base.path("dst_cpu").path("mean"), xdp.path("dst_cpu").path("mean"), false);
            b.append("</table>\n");
        }
        if (xdp != null) {
            JsonNode att = xdp.path("attachments");
            if (att.isArray() && !att.isEmpty()) {
                b.append("<table><tr><th>Host</th><th>Interface</th><th>Object</th><th>Program</th><th>Mode</th>")
                        .append("<th class=\"n\">Packets seen</th><th>Actions</th></tr>\n");
                for (JsonNode a : att) {
                    b.append("<tr><td>").append(esc(a.path("host").asText())).append("</td><td>").append(esc(a.path("interface_name").asText()))
                            .append("</td><td>").append(esc(a.path("object").asText())).append("</td><td>").append(esc(a.path("program").asText("")))
                            .append("</td><td>").append(esc(a.path("mode").asText())).append("</td><td class=\"n\">")
                            .append(fmt(a.path("packets").asLong())).append("</td><td>").append(esc(inline(a.path("actions")))).append("</td></tr>\n");
                }
                b.append("</table>\n");
            }
        }
    }

    private static void compareRow(StringBuilder b, String name, JsonNode a, JsonNode x, boolean higherBetter) {
        if (!a.isNumber() && !x.isNumber()) return;
        String change = "";
        String cls = "";
        if (a.isNumber() && x.isNumber() && a.doubleValue() != 0) {
            double p = (x.doubleValue() - a.doubleValue()) / Math.abs(a.doubleValue()) * 100;
            change = String.format(Locale.ROOT, "%+.1f %%", p);
            if (Math.abs(p) >= 0.05) cls = (p > 0) == higherBetter ? "better" : "worse";
        }
        b.append("<tr><td>").append(esc(name)).append("</td><td class=\"n\">").append(num(a)).append("</td><td class=\"n\">")
                .append(num(x)).append("</td><td class=\"n ").append(cls).append("\">").append(change).append("</td></tr>\n");
    }

    /** A sweep's steps as one table, and the curves an engineer draws from them. */
    private static void sweep(StringBuilder b, JsonNode root) {
        JsonNode sw = root.get("sweep");
        if (sw == null) return;
        b.append("<h2 id=\"sweep\">Sweep</h2>\n");
        JsonNode steps = sw.path("steps");
        b.append("<p>").append(steps.size()).append(" step(s), the lab deployed once")
                .append(sw.has("varies") ? "; varied: " + esc(inline(sw.path("varies"))) : "").append(".</p>\n");
        stepTable(b, steps);
        SweepCurves.render(b, steps);
    }

    private static void search(StringBuilder b, JsonNode root) {
        JsonNode se = root.get("search");
        if (se == null) return;
        b.append("<h2 id=\"search\">Throughput search (RFC 2544 §26.1)</h2>\n");
        b.append("<p>Loss limit ").append(num(se.path("loss_percent"))).append(" %, resolution ").append(esc(se.path("resolution").asText()))
                .append(", trials of ").append(esc(se.path("trial").asText())).append(".</p>\n");
        for (JsonNode size : se.path("results")) {
            b.append("<h3>").append(num(size.path("packet_size"))).append("-byte packets")
                    .append(size.path("with_xdp").isBoolean() ? (size.path("with_xdp").asBoolean() ? ", with XDP" : ", without XDP") : "")
                    .append(": ").append(size.path("throughput_pps").isNumber()
                            ? fmt(size.path("throughput_pps").asLong()) + " pps" : "no rate met the loss limit")
                    .append("</h3>\n<p>").append(esc(size.path("verdict").asText(""))).append("</p>\n");
            b.append("<table><tr><th class=\"n\">Trial</th><th class=\"n\">Offered, pps</th><th class=\"n\">Sent, pps</th>")
                    .append("<th class=\"n\">Received, pps</th><th class=\"n\">Loss</th><th>Result</th><th>Generator limited</th></tr>\n");
            int i = 1;
            for (JsonNode t : size.path("trials")) {
                boolean pass = t.path("passed").asBoolean();
                b.append("<tr><td class=\"n\">").append(i++).append("</td><td class=\"n\">").append(num(t.path("offered_pps")))
                        .append("</td><td class=\"n\">").append(num(t.path("tx_pps"))).append("</td><td class=\"n\">")
                        .append(num(t.path("rx_pps"))).append("</td><td class=\"n\">").append(pct(t.path("loss_percent").asDouble()))
                        .append("</td><td class=\"").append(pass ? "passed\">within limit" : "failed\">too much loss")
                        .append("</td><td>").append(t.path("generator_limited").asBoolean() ? "yes" : "").append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
    }

    private static String micros(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%,.1f µs", v.asDouble()) : "";
    }

    private static void stepTable(StringBuilder b, JsonNode steps) {
        if (!steps.isArray() || steps.isEmpty()) return;
        boolean latency = false;
        for (JsonNode st : steps) latency |= st.path("latency_p50_us").isNumber();
        b.append("<table><tr><th>Step</th><th class=\"n\">Rate, pps</th><th class=\"n\">Size, B</th><th>XDP</th>")
                .append("<th class=\"n\">Sent, pps</th><th class=\"n\">Received, pps</th><th class=\"n\">Loss</th>")
                .append("<th class=\"n\">Sink CPU</th>")
                .append(latency ? "<th class=\"n\">Latency p50</th><th class=\"n\">Latency p99</th>" : "")
                .append("<th>Status</th></tr>\n");
        for (JsonNode st : steps) {
            b.append("<tr><td>").append(esc(st.path("name").asText())).append("</td><td class=\"n\">").append(num(st.path("rate_pps")))
                    .append("</td><td class=\"n\">").append(num(st.path("packet_size"))).append("</td><td>")
                    .append(st.path("with_xdp").isBoolean() ? (st.path("with_xdp").asBoolean() ? "with" : "without") : "")
                    .append("</td><td class=\"n\">").append(num(st.path("tx_pps"))).append("</td><td class=\"n\">")
                    .append(num(st.path("rx_pps"))).append("</td><td class=\"n\">")
                    .append(st.path("loss_percent").isNumber() ? pct(st.path("loss_percent").asDouble()) : "")
                    .append("</td><td class=\"n\">").append(st.path("dst_cpu").isNumber() ? String.format(Locale.ROOT, "%.1f %%",
                            st.path("dst_cpu").asDouble()) : "").append("</td>")
                    .append(latency ? "<td class=\"n\">" + micros(st.path("latency_p50_us")) + "</td><td class=\"n\">"
                            + micros(st.path("latency_p99_us")) + "</td>" : "")
                    .append("<td class=\"").append(esc(st.path("status").asText()))
                    .append("\">").append(esc(st.path("status").asText())).append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    /** What was tested, from the profile as the run used it (profile.yaml, defaults filled in). */
    private static void settings(StringBuilder b, JsonNode p) {
        if (p == null) return;
        b.append("<h2 id=\"settings\">Settings</h2>\n");
        JsonNode hosts = p.path("hosts");
        if (hosts.isObject() && !hosts.isEmpty()) {
            b.append("<h3>Hosts</h3>\n");
            List<String> names = new ArrayList<>();
            List<JsonNode> rows = new ArrayList<>();
            hosts.fields().forEachRemaining(e -> {
                names.add(e.getKey());
                rows.add(e.getValue());
            });
            objectTable(b, "Host", names, rows, Set.of("services", "position", "xdp"));
            List<String> svcNames = new ArrayList<>();
            List<JsonNode> svcRows = new ArrayList<>();
            hosts.fields().forEachRemaining(e -> {
                for (JsonNode svc : e.getValue().path("services")) {
                    svcNames.add(e.getKey() + " / " + svc.path("name").asText("?"));
                    svcRows.add(svc);
                }
            });
            if (!svcRows.isEmpty()) {
                b.append("<h3>Services</h3>\n");
                objectTable(b, "Host / service", svcNames, svcRows, Set.of("name"));
            }
        }
        listSection(b, "Links", "Link", p.path("links"));
        JsonNode traffic = p.path("traffic");
        if (traffic.isObject()) {
            b.append("<h3>Traffic</h3>\n<table>\n");
            traffic.fields().forEachRemaining(e -> flatRows(b, e.getKey(), e.getValue()));
            b.append("</table>\n");
        }
        listSection(b, "XDP", "#", p.path("xdp"));
        Set<String> done = Set.of("name", "description", "hosts", "links", "traffic", "xdp", "thresholds", "results", "gui");
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (done.contains(e.getKey()) || e.getValue().isNull()) continue;
            b.append("<h3>").append(esc(capital(e.getKey()))).append("</h3>\n<table>\n");
            flatRows(b, e.getKey().equals("baseline") || e.getValue().isValueNode() ? e.getKey() : "", e.getValue());
            b.append("</table>\n");
        }
    }

    private static void listSection(StringBuilder b, String title, String first, JsonNode list) {
        if (!list.isArray() || list.isEmpty()) return;
        b.append("<h3>").append(esc(title)).append("</h3>\n");
        List<String> names = new ArrayList<>();
        List<JsonNode> rows = new ArrayList<>();
        int i = 1;
        for (JsonNode n : list) {
            names.add(n.has("name") ? n.path("name").asText() : Integer.toString(i));
            rows.add(n);
            i++;
        }
        objectTable(b, first, names, rows, Set.of("name"));
    }

    /** Rows of objects as one table whose columns are every key any of them has. */
    private static void objectTable(StringBuilder b, String first, List<String> names, List<JsonNode> rows, Set<String> skip) {
        Set<String> cols = new LinkedHashSet<>();
        rows.forEach(r -> r.fieldNames().forEachRemaining(k -> {
            if (!skip.contains(k)) cols.add(k);
        }));
        b.append("<table><tr><th>").append(esc(first)).append("</th>");
        cols.forEach(c -> b.append("<th>").append(esc(c)).append("</th>"));
        b.append("</tr>\n");
        for (int i = 0; i < rows.size(); i++) {
            b.append("<tr><td>").append(esc(names.get(i))).append("</td>");
            for (String c : cols) {
                b.append("<td>").append(esc(inline(rows.get(i).path(c)))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
    }

    private static void flows(StringBuilder b, RunSummary s, JsonNode root) {
        TrafficSummary t = s.traffic();
        if (t == null || t.perFlow().isEmpty()) return;
        Map<Integer, Long> xdpByPort = new LinkedHashMap<>();
        for (JsonNode f : root.path("xdp").path("per_flow")) {
            xdpByPort.put(f.path("port").asInt(), f.path("packets").asLong());
        }
        b.append("<h2 id=\"flows\">Flows</h2>\n<table><tr><th class=\"n\">Flow</th><th class=\"n\">Port</th><th class=\"n\">Sent</th>")
                .append("<th class=\"n\">Received</th><th class=\"n\">Lost</th><th class=\"n\">Loss</th><th class=\"n\">Reordered</th>")
                .append("<th class=\"n\">Duplicates</th>").append(xdpByPort.isEmpty() ? "" : "<th class=\"n\">XDP saw</th>").append("</tr>\n");
        for (FlowSummary f : t.perFlow()) {
            b.append("<tr><td class=\"n\">").append(f.flow()).append("</td><td class=\"n\">").append(f.port())
                    .append("</td><td class=\"n\">").append(fmt(f.txPackets())).append("</td><td class=\"n\">")
                    .append(fmt(f.rxPackets())).append("</td><td class=\"n\">").append(fmt(f.lostPackets()))
                    .append("</td><td class=\"n\">").append(pct(f.lossPercent())).append("</td><td class=\"n\">")
                    .append(fmt(f.reordered())).append("</td><td class=\"n\">").append(fmt(f.duplicates())).append("</td>");
            if (!xdpByPort.isEmpty()) {
                Long x = xdpByPort.get(f.port());
                b.append("<td class=\"n\">").append(x == null ? "" : fmt(x)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
    }

    /**
     * What each port counted: the profile's ethernet links (each end's kernel, PREPARE to TEARDOWN)
     * and memif links (DPDK at each end, over the measurement), every interface the agents sampled
     * (first sample to last), and the services' DPDK ports over the measurement (or, without that
     * reading, first sample to last).
     */
    private static void ports(StringBuilder b, JsonNode root, Map<String, double[]> counters) {
        b.append("<h2 id=\"ports\">Ports</h2>\n");
        JsonNode links = root.path("links");
        Map<String, JsonNode> ethernet = new LinkedHashMap<>();
        Map<String, JsonNode> memif = new LinkedHashMap<>();
        links.fields().forEachRemaining(l -> {
            boolean dpdk = false;
            for (JsonNode end : l.getValue()) dpdk |= end.has("service");
            (dpdk ? memif : ethernet).put(l.getKey(), l.getValue());
        });
        if (!ethernet.isEmpty()) {
            b.append("<h3>Ethernet links of the profile, as each end's kernel counted them</h3>\n<table><tr><th>Link</th><th>End</th>")
                    .append("<th>Host</th><th>Interface</th>");
            List<String> cols = List.of("rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_drops", "tx_drops");
            headers(b, cols);
            b.append("</tr>\n");
            ethernet.forEach((name, ends) -> ends.fields().forEachRemaining(end -> {
                JsonNode c = end.getValue();
                b.append("<tr><td>").append(esc(name)).append("</td><td>").append(esc(end.getKey())).append("</td><td>")
                        .append(esc(c.path("host").asText())).append("</td><td>").append(esc(c.path("interface_name").asText()))
                        .append("</td>");
                cells(b, c, cols);
                b.append("</tr>\n");
            }));
            b.append("</table>\n");
        }
        if (!memif.isEmpty()) {
            b.append("<h3>Memif links of the profile, as DPDK counted them at each end over the measurement</h3>\n")
                    .append("<table><tr><th>Link</th><th>End</th><th>Service</th><th>DPDK port</th>");
            headers(b, DPDK_WINDOW);
            b.append("<th class=\"n\">Window</th></tr>\n");
            memif.forEach((name, ends) -> ends.fields().forEachRemaining(end -> {
                JsonNode c = end.getValue();
                b.append("<tr><td>").append(esc(name)).append("</td><td>").append(esc(end.getKey()))
                        .append(end.getKey().equals("master") ? " (server)" : end.getKey().equals("slave") ? " (client)" : "")
                        .append("</td><td>").append(esc(c.path("service").asText())).append("</td><td>")
                        .append(esc(dpdkPort(c, ""))).append("</td>");
                cells(b, c, DPDK_WINDOW);
                b.append("<td class=\"n\">").append(windowOf(c)).append("</td></tr>\n");
            }));
            b.append("</table>\n");
        }
        portTable(b, "Interfaces, first sample to last", "iface", IF_COUNTERS, "if.", counters);
        JsonNode dpdk = root.path("dpdk");
        if (dpdk.isObject() && !dpdk.isEmpty()) {
            b.append("<h3>DPDK ports of the services, as DPDK counted them over the measurement</h3>\n")
                    .append("<table><tr><th>Service</th><th>DPDK port</th>");
            headers(b, DPDK_WINDOW);
            b.append("<th class=\"n\">Window</th></tr>\n");
            dpdk.fields().forEachRemaining(svc -> svc.getValue().fields().forEachRemaining(port -> {
                JsonNode c = port.getValue();
                b.append("<tr><td>").append(esc(svc.getKey())).append("</td><td>").append(esc(dpdkPort(c, port.getKey())))
                        .append("</td>");
                cells(b, c, DPDK_WINDOW);
                b.append("<td class=\"n\">").append(windowOf(c)).append("</td></tr>\n");
            }));
            b.append("</table>\n");
        } else {
            portTable(b, "DPDK ports, first sample to last", "port", DPDK_COUNTERS, "dpdk.", counters);
        }
        if (counters.isEmpty() && links.isEmpty() && dpdk.isEmpty()) {
            b.append("<p class=\"muted\">No interface counters were sampled (monitoring without network).</p>\n");
        }
    }

    /** "0 net_memif0": the port's number and its device, as testpmd names them. */
    private static String dpdkPort(JsonNode c, String orElse) {
        return num(c.path("port")) + " " + c.path("device").asText(orElse);
    }

    private static void headers(StringBuilder b, List<String> cols) {
        cols.forEach(c -> b.append("<th class=\"n\">").append(esc(c.replace('_', ' '))).append("</th>"));
    }

    private static void cells(StringBuilder b, JsonNode c, List<String> cols) {
        cols.forEach(k -> b.append("<td class=\"n\">").append(num(c.path(k))).append("</td>"));
    }

    private static String windowOf(JsonNode c) {
        return c.path("window_ms").isNumber() ? String.format(Locale.ROOT, "%.3f s", c.path("window_ms").asDouble() / 1000) : "";
    }

    private static void portTable(StringBuilder b, String title, String labelKey, List<String> metrics, String prefix,
                                  Map<String, double[]> counters) {
        // port key "host|labels" -> metric -> delta
        Map<String, Map<String, Double>> ports = new TreeMap<>();
        counters.forEach((k, fl) -> {
            String[] p = k.split("\\|", 3);
            if (metrics.contains(p[1])) {
                ports.computeIfAbsent(p[0] + "|" + p[2], x -> new TreeMap<>()).put(p[1], fl[1] - fl[0]);
            }
        });
        // an interface that carried nothing during the run (docker0, an idle bridge) is noise here
        ports.values().removeIf(m -> m.values().stream().allMatch(v -> v == 0));
        if (ports.isEmpty()) return;
        b.append("<h3>").append(esc(title)).append("</h3>\n<table><tr><th>Host</th><th>").append(esc(labelKey)).append("</th>");
        metrics.forEach(m -> b.append("<th class=\"n\">").append(esc(m.substring(prefix.length()).replace('_', ' '))).append("</th>"));
        b.append("</tr>\n");
        ports.forEach((k, m) -> {
            String[] p = k.split("\\|", 2);
            b.append("<tr><td>").append(esc(p[0])).append("</td><td>").append(esc(p[1].replaceAll("(^|;)" + labelKey + "=", "$1").replace(";", ", "))).append("</td>");
            metrics.forEach(x -> b.append("<td class=\"n\">").append(m.containsKey(x) ? fmt(Math.round(m.get(x))) : "").append("</td>"));
            b.append("</tr>\n");
        });
        b.append("</table>\n");
    }

    /** @param trafficAsked the profile sends packets (or is unknown): its pps chart is drawn even when empty */
    private static void charts(StringBuilder b, RunSummary s, Map<String, List<MetricRow>> rows, boolean trafficAsked) {
        b.append("<h2 id=\"charts\">Charts</h2>\n");
        List<MetricRow> tx = rows.getOrDefault(Metrics.TRAFFIC_TX_PPS, List.of());
        List<MetricRow> rx = rows.getOrDefault(Metrics.SINK_RX_PPS, List.of());
        List<MetricRow> rps = rows.getOrDefault(Metrics.HTTP_REQUESTS_PER_S, List.of());
        List<MetricRow> lat = rows.getOrDefault(Metrics.HTTP_LATENCY_US, List.of());
        if (trafficAsked || s.traffic() != null || !tx.isEmpty() || !rx.isEmpty()) {
            String txHost = tx.isEmpty() ? "source" : tx.getFirst().host();
            String rxHost = rx.isEmpty() ? "sink" : rx.getFirst().host();
            b.append(SvgChart.render("Packets per second: sent by " + txHost + ", received by " + rxHost, "",
                    List.of(series("tx pps (sent by " + txHost + ")" + meanOf(tx), tx, r -> true),
                            series("rx pps (received by " + rxHost + ")" + meanOf(rx), rx, r -> true))));
        }
        if (!rps.isEmpty()) {
            String host = rps.getFirst().host();
            b.append(SvgChart.render("HTTP requests answered per second, by " + host + "'s load, each sample interval", " req/s",
                    List.of(series("requests/s" + meanOf(rps), rps, r -> true))));
        }
        if (!lat.isEmpty()) {
            String host = lat.getFirst().host();
            b.append(SvgChart.render("HTTP latency of the requests answered in each sample interval, by " + host + "'s load", " µs",
                    List.of(series("p50", lat, r -> "p50".equals(r.labels().get("quantile"))),
                            series("p99", lat, r -> "p99".equals(r.labels().get("quantile"))))));
        }

        List<MetricRow> cpu = rows.getOrDefault(Metrics.CPU_CORE_UTIL, List.of());
        Set<String> cpuHosts = new LinkedHashSet<>();
        if (s.dstCpu() != null) cpuHosts.add(s.dstCpu().host());
        cpu.forEach(r -> cpuHosts.add(r.host()));
        for (String host : cpuHosts) {
            Map<Integer, List<double[]>> cores = new TreeMap<>();
            for (MetricRow r : cpu) {
                if (r.host().equals(host)) {
                    cores.computeIfAbsent(parseCore(r.labels().get("core")), c -> new ArrayList<>()).add(new double[] {r.timeMs(), r.value()});
                }
            }
            List<SvgChart.Series> lines = new ArrayList<>();
            cores.forEach((core, pts) -> lines.add(new SvgChart.Series("core " + core, pts)));
            b.append(SvgChart.render("CPU per core on " + host + (s.dstCpu() != null && host.equals(s.dstCpu().host()) ? " (the sink)" : ""),
                    " %", lines));
        }

        List<MetricRow> mem = rows.getOrDefault(Metrics.MEM_USED_BYTES, List.of());
        if (!mem.isEmpty()) {
            Map<String, List<double[]>> byHost = new TreeMap<>();
            mem.forEach(r -> byHost.computeIfAbsent(r.host(), h -> new ArrayList<>()).add(new double[] {r.timeMs(), r.value() / (1 << 20)}));
            Map<String, Double> total = new TreeMap<>();
            rows.getOrDefault(Metrics.MEM_TOTAL_BYTES, List.of()).forEach(r -> total.put(r.host(), r.value() / (1 << 20)));
            List<SvgChart.Series> lines = new ArrayList<>();
            byHost.forEach((h, pts) -> lines.add(new SvgChart.Series(h + " used" + (total.containsKey(h)
                    ? String.format(Locale.ROOT, " (of %,.0f MiB)", total.get(h)) : ""), pts)));
            b.append(SvgChart.render("Memory used per host (hosts of the lab-in-a-box share one machine's memory)", " MiB", lines));
        }

        // interfaces per host: rx and tx pps of every interface that carried packets
        Map<String, List<SvgChart.Series>> ifaces = new TreeMap<>();
        for (String metric : List.of(Metrics.IF_RX_PPS, Metrics.IF_TX_PPS)) {
            Map<String, List<double[]>> byIf = new TreeMap<>();
            for (MetricRow r : rows.getOrDefault(metric, List.of())) {
                byIf.computeIfAbsent(r.host() + "|" + r.labels().getOrDefault("iface", "?"), k -> new ArrayList<>())
                        .add(new double[] {r.timeMs(), r.value()});
            }
            byIf.forEach((k, pts) -> {
                if (pts.stream().anyMatch(p -> p[1] > 0)) {
                    String[] hi = k.split("\\|", 2);
                    ifaces.computeIfAbsent(hi[0], h -> new ArrayList<>()).add(new SvgChart.Series(hi[1] + " "
                            + (metric.equals(Metrics.IF_RX_PPS) ? "rx" : "tx"), pts));
                }
            });
        }
        ifaces.forEach((host, lines) -> {
            lines.sort(java.util.Comparator.comparing(SvgChart.Series::name));
            b.append(SvgChart.render("Interfaces of " + host + ", packets per second", "", lines));
        });
    }

    private static String meanOf(List<MetricRow> rows) {
        double sum = 0;
        int n = 0;
        for (MetricRow r : rows) {
            if (r.value() > 0) {
                sum += r.value();
                n++;
            }
        }
        return n == 0 ? "" : String.format(Locale.ROOT, ", mean %,.0f while sending", sum / n);
    }

    private static void hosts(StringBuilder b, RunSummary s) {
        if (s.hosts().isEmpty()) return;
        b.append("<h2>Hosts as their agents reported them</h2>\n<table><tr><th>Host</th><th>Transport</th><th>Agent</th>")
                .append("<th>Hostname</th><th>OS</th><th>Kernel</th><th class=\"n\">CPUs</th></tr>\n");
        s.hosts().forEach((name, h) -> b.append("<tr><td>").append(esc(name)).append("</td><td>").append(esc(h.transport()))
                .append("</td><td>").append(esc(h.agentVersion())).append("</td><td>").append(esc(h.hostname()))
                .append("</td><td>").append(esc(h.os())).append("</td><td>").append(esc(h.kernel()))
                .append("</td><td class=\"n\">").append(h.cpus()).append("</td></tr>\n"));
        b.append("</table>\n");
    }

    /**
     * The services' own figures (summary.json {@code services.<service>.figures}, what a threshold
     * names as {@code services.<service>.figures.<figure>}), those that could not be read with the
     * reason, and the files collected into the run directory, linked.
     */
    private static void services(StringBuilder b, JsonNode root) {
        JsonNode services = root.path("services");
        if (!services.isObject() || services.isEmpty()) return;
        b.append("<h2 id=\"services\">Services' own figures and files</h2>\n<table><tr><th>Service</th><th>Host</th>")
                .append("<th>Figure or file</th><th class=\"n\">Value</th><th>Threshold name or where</th></tr>\n");
        services.fields().forEachRemaining(svc -> {
            String name = svc.getKey();
            String host = svc.getValue().path("host").asText("");
            svc.getValue().path("figures").fields().forEachRemaining(f -> b.append("<tr><td>").append(esc(name)).append("</td><td>")
                    .append(esc(host)).append("</td><td>").append(esc(f.getKey())).append("</td><td class=\"n\">")
                    .append(esc(num(f.getValue()))).append("</td><td>services.").append(esc(name)).append(".figures.")
                    .append(esc(f.getKey())).append("</td></tr>\n"));
            svc.getValue().path("figures_missing").fields().forEachRemaining(f -> b.append("<tr class=\"WARN\"><td>")
                    .append(esc(name)).append("</td><td>").append(esc(host)).append("</td><td>").append(esc(f.getKey()))
                    .append("</td><td class=\"n\">missing</td><td>").append(esc(f.getValue().asText())).append("</td></tr>\n"));
            svc.getValue().path("files").fields().forEachRemaining(f -> {
                String path = f.getValue().path("path").asText();
                b.append("<tr><td>").append(esc(name)).append("</td><td>").append(esc(host)).append("</td><td>")
                        .append(esc(f.getKey())).append("</td><td class=\"n\">").append(fmt(f.getValue().path("bytes").asLong()))
                        .append(" bytes</td><td><a href=\"").append(esc(path)).append("\">").append(esc(path)).append("</a></td></tr>\n");
            });
            svc.getValue().path("files_missing").fields().forEachRemaining(f -> b.append("<tr class=\"WARN\"><td>")
                    .append(esc(name)).append("</td><td>").append(esc(host)).append("</td><td>").append(esc(f.getKey()))
                    .append("</td><td class=\"n\">missing</td><td>").append(esc(f.getValue().asText())).append("</td></tr>\n"));
        });
        b.append("</table>\n");
    }

    private static void otherSections(StringBuilder b, RunSummary s) {
        for (Map.Entry<String, JsonNode> e : s.sections().entrySet()) {
            if (DRAWN_SECTIONS.contains(e.getKey())) continue;
            b.append("<h2>").append(esc(capital(e.getKey()))).append("</h2>\n<table>\n");
            flatRows(b, e.getKey(), e.getValue());
            b.append("</table>\n");
        }
    }

    private static void eventLog(StringBuilder b, List<EventLine> events) {
        b.append("<h2 id=\"events\">Event log</h2>\n<table><tr><th>Time</th><th>Phase</th><th>Host</th><th>Event</th><th>Message</th></tr>\n");
        for (EventLine ev : events) {
            b.append("<tr class=\"").append(esc(String.valueOf(ev.level()))).append("\"><td>").append(esc(shortTime(ev.time())))
                    .append("</td><td>").append(esc(ev.phase())).append("</td><td>").append(esc(ev.host()))
                    .append("</td><td>").append(esc(ev.kind())).append("</td><td>").append(esc(ev.message())).append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    private static void profileText(StringBuilder b, Path dir) {
        Path f = dir.resolve(RunDirectory.PROFILE);
        if (!Files.isRegularFile(f)) return;
        try {
            b.append("<details><summary>The profile as run (profile.yaml)</summary>\n<pre>").append(esc(Files.readString(f)))
                    .append("</pre></details>\n");
        } catch (IOException e) {
            // the settings tables above say the same in their own words
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static JsonNode readProfile(Path dir) {
        Path f = dir.resolve(RunDirectory.PROFILE);
        if (!Files.isRegularFile(f)) return null;
        try {
            JsonNode n = new ObjectMapper(new YAMLFactory()).readTree(f.toFile());
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Rows {@code key: value} for every scalar below {@code n}, dotted paths for nested objects. */
    private static void flatRows(StringBuilder b, String path, JsonNode n) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> flatRows(b, path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue()));
        } else if (n.isArray() && !n.isEmpty() && !n.get(0).isValueNode()) {
            for (int i = 0; i < n.size(); i++) flatRows(b, path + "." + i, n.get(i));
        } else {
            b.append("<tr><th>").append(esc(path)).append("</th><td>").append(esc(inline(n))).append("</td></tr>\n");
        }
    }

    /** A value in one line: scalars as they are, lists joined, small objects as key=value. */
    private static String inline(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) return "";
        if (n.isNumber()) return ThresholdEvaluator.format(n.doubleValue());
        if (n.isValueNode()) return n.asText();
        List<String> parts = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(x -> parts.add(inline(x)));
            return String.join(", ", parts);
        }
        n.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + inline(e.getValue())));
        return String.join(", ", parts);
    }

    private static String num(JsonNode n) {
        if (n == null || !n.isNumber()) return "";
        double v = n.doubleValue();
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return fmt((long) v);
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1).replace('_', ' ');
    }

    private static SvgChart.Series series(String name, List<MetricRow> rows, Predicate<MetricRow> f) {
        List<double[]> pts = new ArrayList<>();
        for (MetricRow r : rows) {
            if (f.test(r)) pts.add(new double[] {r.timeMs(), r.value()});
        }
        return new SvgChart.Series(name, pts);
    }

    private static int parseCore(String s) {
        try {
            return Integer.parseInt(s);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    static String pretty(JsonNode n) {
        try {
            return ProtocolJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (JsonProcessingException e) {
            return n.toString();
        }
    }

    private static String shortTime(String iso) {
        // 2026-11-22T01:53:00.123Z -> 01:53:00.123: the date is in the header already
        int t = iso == null ? -1 : iso.indexOf('T');
        return t < 0 ? iso : iso.substring(t + 1).replace("Z", "");
    }

    private static void row(StringBuilder b, String k, String v) {
        b.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n");
    }

    static String fmt(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.3f %%", v);
    }

    static String esc(String s) {
        return JunitReport.esc(s);
    }
}
