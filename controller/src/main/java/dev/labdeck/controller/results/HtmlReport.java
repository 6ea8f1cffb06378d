package dev.labdeck.controller.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.protocol.Metrics;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * report.html: one self-contained page (no scripts, no network) a person can open or attach to a
 * ticket: the outcome, the figures, per-flow counts, charts of pps and CPU over time, the event log.
 */
public final class HtmlReport {

    private HtmlReport() {}

    public static Path write(RunSummary s, Path dir) throws IOException {
        Path file = dir.resolve(RunDirectory.REPORT);
        Files.writeString(file, render(s, dir));
        return file;
    }

    static String render(RunSummary s, Path dir) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>LabDeck run ")
                .append(esc(s.profile())).append(" — ").append(esc(s.status().json())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:960px;color:#222;padding:0 1em}")
                .append("h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ddd}")
                .append("table{border-collapse:collapse;margin:.5em 0}td,th{padding:.25em .8em;border-bottom:1px solid #eee;text-align:left}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}")
                .append(".passed{color:#176b1e}.failed{color:#a31515}.error{color:#a31515}.warn{color:#8a5a00}")
                .append(".badge{display:inline-block;padding:.1em .6em;border-radius:.3em;color:#fff}")
                .append(".badge.passed{background:#2e7d32}.badge.failed{background:#c62828}.badge.error{background:#6d1b7b}")
                .append(".muted{color:#777}figure{margin:1em 0}figcaption{font-weight:600;margin-bottom:.3em}")
                .append("pre{background:#f6f6f6;padding:.6em;overflow:auto}</style></head><body>\n");
        b.append("<h1>").append(esc(s.profile())).append(" <span class=\"badge ").append(s.status().json()).append("\">")
                .append(esc(s.status().json())).append("</span></h1>\n");
        if (s.error() != null) {
            RunError e = s.error();
            b.append("<p class=\"error\"><strong>Error</strong> ").append(e.host() == null ? "" : "on " + esc(e.host()) + " ")
                    .append("in ").append(esc(e.step())).append(": ").append(esc(e.message())).append("</p>\n");
        }

        b.append("<h2>Summary</h2>\n<table>\n");
        row(b, "Run", s.runId());
        row(b, "Started", s.started());
        row(b, "Ended", s.ended());
        TrafficSummary t = s.traffic();
        if (t != null) {
            row(b, "Packets sent", fmt(t.txPackets()));
            row(b, "Packets received", fmt(t.rxPackets()));
            row(b, "Packets lost", fmt(t.lostPackets()) + " (" + pct(t.lossPercent()) + ")");
            row(b, "Send rate", fmt(Math.round(t.txPps())) + " pps");
            row(b, "Receive rate", fmt(Math.round(t.rxPps())) + " pps");
            row(b, "Sending time", String.format(Locale.ROOT, "%.2f s", t.durationSeconds()));
        } else {
            row(b, "Traffic", "not measured");
        }
        if (s.dstCpu() != null) {
            row(b, "CPU of " + s.dstCpu().host(), pct(s.dstCpu().mean()) + " mean over " + s.dstCpu().perCore().size() + " cores");
        }
        b.append("</table>\n");

        if (!s.thresholds().isEmpty()) {
            b.append("<h2>Thresholds</h2>\n<table><tr><th>Threshold</th><th>Actual</th><th>Result</th></tr>\n");
            for (ThresholdResult r : s.thresholds()) {
                b.append("<tr><td>").append(esc(r.expression())).append("</td><td class=\"n\">")
                        .append(r.actual() == null ? "missing" : esc(ThresholdEvaluator.format(r.actual())))
                        .append("</td><td class=\"").append(r.passed() ? "passed" : "failed").append("\">")
                        .append(r.passed() ? "holds" : "violated").append("</td></tr>\n");
            }
            b.append("</table>\n");
        }

        if (t != null && !t.perFlow().isEmpty()) {
            b.append("<h2>Flows</h2>\n<table><tr><th>Flow</th><th>Port</th><th>Sent</th><th>Received</th><th>Lost</th>")
                    .append("<th>Loss</th><th>Reordered</th><th>Duplicates</th></tr>\n");
            for (FlowSummary f : t.perFlow()) {
                b.append("<tr><td class=\"n\">").append(f.flow()).append("</td><td class=\"n\">").append(f.port())
                        .append("</td><td class=\"n\">").append(fmt(f.txPackets())).append("</td><td class=\"n\">")
                        .append(fmt(f.rxPackets())).append("</td><td class=\"n\">").append(fmt(f.lostPackets()))
                        .append("</td><td class=\"n\">").append(pct(f.lossPercent())).append("</td><td class=\"n\">")
                        .append(fmt(f.reordered())).append("</td><td class=\"n\">").append(fmt(f.duplicates())).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }

        b.append("<h2>Charts</h2>\n");
        List<MetricRow> rows = MetricsCsv.read(dir, r -> r.metric().equals(Metrics.TRAFFIC_TX_PPS)
                || r.metric().equals(Metrics.SINK_RX_PPS) || r.metric().equals(Metrics.CPU_CORE_UTIL));
        List<SvgChart.Series> pps = new ArrayList<>();
        pps.add(series("tx pps", rows, r -> r.metric().equals(Metrics.TRAFFIC_TX_PPS)));
        pps.add(series("rx pps", rows, r -> r.metric().equals(Metrics.SINK_RX_PPS)));
        b.append(SvgChart.render("Packets per second (sent by the source, received by the sink)", "", pps));
        if (s.dstCpu() != null) {
            String host = s.dstCpu().host();
            Map<Integer, List<double[]>> cores = new TreeMap<>();
            for (MetricRow r : rows) {
                if (r.metric().equals(Metrics.CPU_CORE_UTIL) && r.host().equals(host)) {
                    int core = parseCore(r.labels().get("core"));
                    cores.computeIfAbsent(core, c -> new ArrayList<>()).add(new double[] {r.timeMs(), r.value()});
                }
            }
            List<SvgChart.Series> cpu = new ArrayList<>();
            cores.forEach((core, pts) -> cpu.add(new SvgChart.Series("core " + core, pts)));
            b.append(SvgChart.render("CPU per core on " + host, "%", cpu));
        }

        if (!s.hosts().isEmpty()) {
            b.append("<h2>Hosts</h2>\n<table><tr><th>Host</th><th>Transport</th><th>Agent</th><th>Hostname</th><th>OS</th>")
                    .append("<th>Kernel</th><th>CPUs</th></tr>\n");
            s.hosts().forEach((name, h) -> b.append("<tr><td>").append(esc(name)).append("</td><td>").append(esc(h.transport()))
                    .append("</td><td>").append(esc(h.agentVersion())).append("</td><td>").append(esc(h.hostname()))
                    .append("</td><td>").append(esc(h.os())).append("</td><td>").append(esc(h.kernel()))
                    .append("</td><td class=\"n\">").append(h.cpus()).append("</td></tr>\n"));
            b.append("</table>\n");
        }

        for (Map.Entry<String, JsonNode> e : s.sections().entrySet()) {
            b.append("<h2>").append(esc(e.getKey())).append("</h2>\n<pre>").append(esc(pretty(e.getValue()))).append("</pre>\n");
        }

        b.append("<h2>Event log</h2>\n<table><tr><th>Time</th><th>Phase</th><th>Host</th><th>Event</th><th>Message</th></tr>\n");
        for (EventLine ev : EventLog.read(dir)) {
            b.append("<tr class=\"").append(esc(String.valueOf(ev.level()))).append("\"><td>").append(esc(shortTime(ev.time())))
                    .append("</td><td>").append(esc(ev.phase())).append("</td><td>").append(esc(ev.host()))
                    .append("</td><td>").append(esc(ev.kind())).append("</td><td>").append(esc(ev.message())).append("</td></tr>\n");
        }
        b.append("</table>\n<p class=\"muted\">Written by LabDeck. Files of this run: summary.json, events.jsonl, metrics.csv, junit.xml, profile.yaml.</p>\n</body></html>\n");
        return b.toString();
    }

    private static SvgChart.Series series(String name, List<MetricRow> rows, java.util.function.Predicate<MetricRow> f) {
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

    private static String pretty(JsonNode n) {
        try {
            return ProtocolJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (JsonProcessingException e) {
            return n.toString();
        }
    }

    private static String shortTime(String iso) {
        // 2026-11-22T01:53:00.123Z -> 01:53:00.123: the date is in the summary already
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
