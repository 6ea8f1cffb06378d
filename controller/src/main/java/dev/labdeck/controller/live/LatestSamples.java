package dev.labdeck.controller.live;

import dev.labdeck.protocol.Sample;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest value of every series a run's agents sampled, as Prometheus gauges: agent metric
 * {@code sink.rx_pps} of host dst becomes {@code labdeck_sink_rx_pps{run="…",host="dst"}}, its own
 * labels (flow, core, iface …) kept. Counters of the agents (totals since start) are gauges here
 * too: a run restarts them, which a Prometheus counter must never do. Plus
 * {@code labdeck_run_info{run, profile, phase}}.
 */
final class LatestSamples implements MultiCollector {
    static final String PREFIX = "labdeck_";

    private record Key(String host, String metric, Map<String, String> labels) {}

    private final Map<Key, Double> latest = new ConcurrentHashMap<>();
    private volatile String runId = "";
    private volatile String profile = "";
    private volatile String phase = "PLAN";

    void run(String runId, String profile) {
        this.runId = runId == null ? "" : runId;
        this.profile = profile == null ? "" : profile;
    }

    void phase(String phase) {
        this.phase = phase;
    }

    void add(String host, List<Sample> samples) {
        for (Sample s : samples) {
            latest.put(new Key(host, s.metric(), s.labels() == null ? Map.of() : new TreeMap<>(s.labels())), s.value());
        }
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, GaugeSnapshot.Builder> families = new TreeMap<>();
        Map<String, List<String>> seen = new TreeMap<>();
        for (Map.Entry<Key, Double> e : latest.entrySet()) {
            Key k = e.getKey();
            String name = PrometheusNaming.sanitizeMetricName(PREFIX + k.metric().replace('.', '_'));
            List<String> names = new ArrayList<>(List.of("run", "host"));
            List<String> values = new ArrayList<>(List.of(runId, k.host()));
            k.labels().forEach((ln, lv) -> {
                String n = PrometheusNaming.sanitizeLabelName(ln);
                if (!names.contains(n)) {
                    names.add(n);
                    values.add(lv == null ? "" : lv);
                }
            });
            families.computeIfAbsent(name, n -> GaugeSnapshot.builder().name(n)
                    .help("latest " + k.metric() + " sample of the run's agents (LabDeck metric " + k.metric() + ")"));
            families.get(name).dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(Labels.of(names, values)).value(e.getValue()).build());
            seen.computeIfAbsent(name, n -> new ArrayList<>()).add(k.host());
        }
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        out.metricSnapshot(InfoSnapshot.builder().name("labdeck_run").help("the run being exported, and the phase it is in")
                .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder()
                        .labels(Labels.of("run", runId, "profile", profile, "phase", phase)).build())
                .build());
        families.values().forEach(f -> out.metricSnapshot(f.build()));
        return out.build();
    }
}
