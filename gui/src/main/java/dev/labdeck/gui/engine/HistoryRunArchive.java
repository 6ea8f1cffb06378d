package dev.labdeck.gui.engine;

import dev.labdeck.controller.results.RunStatus;
import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.results.MetricRow;
import dev.labdeck.controller.results.MetricsCsv;
import dev.labdeck.controller.results.RunDirectory;
import dev.labdeck.controller.results.RunHistory;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.SummaryJson;
import dev.labdeck.controller.results.TrafficSummary;
import dev.labdeck.gui.results.RunArchive;
import dev.labdeck.gui.results.RunDetails;
import dev.labdeck.gui.results.RunRecord;
import dev.labdeck.protocol.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs on disk through the controller's {@link RunHistory}, {@link SummaryJson} and {@link MetricsCsv}. */
public final class HistoryRunArchive implements RunArchive {
    /** Rates worth a chart in Results; counters stay in metrics.csv. */
    private static final Set<String> CHARTED = Set.of(Metrics.TRAFFIC_TX_PPS, Metrics.SINK_RX_PPS, Metrics.CPU_TOTAL_UTIL,
            Metrics.CPU_CORE_UTIL, Metrics.IF_RX_PPS, Metrics.IF_TX_PPS);

    @Override
    public List<RunRecord> list(Path runsDirectory) throws Exception {
        List<RunRecord> out = new ArrayList<>();
        for (RunHistory.Entry e : new RunHistory(runsDirectory).list()) out.add(record(e.directory(), e.summary().orElse(null)));
        return out;
    }

    static RunRecord record(Path dir, RunSummary s) {
        if (s == null) {
            return new RunRecord(dir, "", null, null, RunStatus.RUNNING, Double.NaN, Double.NaN, Double.NaN, 0, 0, settings(dir));
        }
        TrafficSummary t = s.traffic();
        return new RunRecord(dir, s.profile(), instant(s.started()), instant(s.ended()), s.status(),
                t == null ? Double.NaN : t.txPps(), t == null ? Double.NaN : t.rxPps(), t == null ? Double.NaN : t.lossPercent(),
                t == null ? 0 : t.txPackets(), t == null ? 0 : t.rxPackets(), settings(dir));
    }

    /** rate_pps, packet_size, flows and engine of the run's own profile.yaml, as written there. */
    static java.util.Map<String, String> settings(Path dir) {
        Path f = dir.resolve(dev.labdeck.controller.results.RunDirectory.PROFILE);
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (!java.nio.file.Files.isRegularFile(f)) return out;
        try (var in = java.nio.file.Files.newBufferedReader(f)) {
            Object root = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(new org.yaml.snakeyaml.LoaderOptions())).load(in);
            if (root instanceof java.util.Map<?, ?> top && top.get("traffic") instanceof java.util.Map<?, ?> t) {
                for (String k : List.of("rate_pps", "packet_size", "flows", "engine")) {
                    if (t.get(k) != null) out.put(k, String.valueOf(t.get(k)));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(HistoryRunArchive.class).debug("cannot read {}", f, e);
        }
        return out;
    }

    @Override
    public List<dev.labdeck.gui.results.SettingDifference> settingDifferences(RunRecord a, RunRecord b) throws Exception {
        // the same comparison as 'labdeck compare': profile settings, hosts' kernels and agents
        var comparison = dev.labdeck.controller.compare.RunComparison.of(
                dev.labdeck.controller.compare.ComparedRun.load(a.directory().toString(), null),
                dev.labdeck.controller.compare.ComparedRun.load(b.directory().toString(), null));
        return comparison.settings().stream().map(c -> new dev.labdeck.gui.results.SettingDifference(c.path(),
                c.a() == null ? "" : c.a(), c.b() == null ? "" : c.b())).toList();
    }

    @Override
    public RunDetails load(RunRecord run) throws Exception {
        Path dir = run.directory();
        Map<String, Double> figures = new LinkedHashMap<>();
        RunHistory.readSummary(dir).ifPresent(s -> flatten("", SummaryJson.toTree(s), figures));
        // identifiers and clock readings are not figures to compare
        figures.keySet().removeIf(k -> k.endsWith("_ms") || k.endsWith(".flow") || k.endsWith(".port") || k.endsWith(".flow_id")
                || k.endsWith("protocol_version") || k.endsWith(".expected") || k.startsWith("thresholds."));
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        List<MetricRow> rows = MetricsCsv.read(dir, r -> CHARTED.contains(r.metric()));
        long first = rows.isEmpty() ? 0 : rows.stream().mapToLong(MetricRow::timeMs).min().getAsLong();
        for (MetricRow r : rows) {
            series.computeIfAbsent(name(r), k -> new ArrayList<>()).add(new double[] {(r.timeMs() - first) / 1000.0, r.value()});
        }
        // interfaces that carried nothing only clutter the chart list
        series.values().removeIf(points -> points.stream().allMatch(p -> p[1] == 0));
        Path report = dir.resolve(RunDirectory.REPORT);
        return new RunDetails(run, figures, series, Files.exists(report) ? report : null);
    }

    private static String name(MetricRow r) {
        Map<String, String> l = r.labels();
        return switch (r.metric()) {
            case Metrics.TRAFFIC_TX_PPS -> r.host() + " source tx pps";
            case Metrics.SINK_RX_PPS -> r.host() + " sink rx pps";
            case Metrics.CPU_TOTAL_UTIL -> r.host() + " CPU all cores %";
            case Metrics.CPU_CORE_UTIL -> r.host() + " CPU core " + l.getOrDefault("core", "?") + " %";
            case Metrics.IF_RX_PPS -> r.host() + " " + l.getOrDefault("iface", "?") + " rx pps";
            case Metrics.IF_TX_PPS -> r.host() + " " + l.getOrDefault("iface", "?") + " tx pps";
            default -> r.host() + " " + r.metric();
        };
    }

    /** Every number of the summary by dotted path; arrays of objects by index. */
    static void flatten(String prefix, JsonNode node, Map<String, Double> out) {
        if (node == null) return;
        if (node.isNumber()) {
            out.put(prefix, node.asDouble());
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) flatten(prefix + "." + i, node.get(i), out);
        }
    }

    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
