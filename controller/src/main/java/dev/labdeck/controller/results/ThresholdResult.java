package dev.labdeck.controller.results;

/**
 * A threshold checked against summary.json.
 *
 * @param actual null when the figure is not in the summary (which fails the threshold)
 */
public record ThresholdResult(String metric, String op, double expected, Double actual, boolean passed,
                              String message) {

    /** As written in profiles and reports: {@code traffic.loss_percent <= 0.1}. */
    public String expression() {
        return metric + " " + op + " " + ThresholdEvaluator.format(expected);
    }
}
