package dev.labdeck.gui.results;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A run opened in the Results view.
 *
 * @param figures every number of summary.json by dotted path ({@code traffic.rx_pps}), in file order
 * @param series  chart lines from metrics.csv by name ({@code dst sink rx pps}), times in seconds from the run's first sample
 * @param report  report.html, or null when the run wrote none
 */
public record RunDetails(RunRecord record, Map<String, Double> figures, Map<String, List<double[]>> series, Path report) {}
