package dev.labdeck.controller.results;

import java.util.Map;

/** One row of metrics.csv (long format). */
public record MetricRow(long timeMs, String host, String metric, Map<String, String> labels, double value) {}
