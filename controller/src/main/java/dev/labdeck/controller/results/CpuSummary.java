package dev.labdeck.controller.results;

import dev.labdeck.protocol.Metrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU use of one host during the measurement: the mean utilisation of each core, in percent.
 *
 * @param perCore core number (as text, in numeric order) to mean percent
 */
public record CpuSummary(String host, Map<String, Double> perCore, double mean) {

    /**
     * The mean of each core's {@code cpu.core.util} samples of {@code host} between {@code fromMs}
     * and {@code toMs}, read from the run's metrics.csv; null when there are none.
     */
    public static CpuSummary measure(Path runDir, String host, long fromMs, long toMs) throws IOException {
        List<MetricRow> rows = MetricsCsv.read(runDir, r -> r.host().equals(host)
                && r.metric().equals(Metrics.CPU_CORE_UTIL) && r.timeMs() >= fromMs && r.timeMs() <= toMs);
        return of(host, rows);
    }

    static CpuSummary of(String host, List<MetricRow> rows) {
        Map<Integer, double[]> sums = new TreeMap<>();
        for (MetricRow r : rows) {
            int core;
            try {
                core = Integer.parseInt(r.labels().getOrDefault("core", "-1"));
            } catch (NumberFormatException e) {
                continue;
            }
            double[] s = sums.computeIfAbsent(core, c -> new double[2]);
            s[0] += r.value();
            s[1]++;
        }
        if (sums.isEmpty()) {
            return null;
        }
        Map<String, Double> perCore = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<Integer, double[]> e : sums.entrySet()) {
            double mean = round(e.getValue()[0] / e.getValue()[1]);
            perCore.put(Integer.toString(e.getKey()), mean);
            total += mean;
        }
        return new CpuSummary(host, perCore, round(total / perCore.size()));
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
