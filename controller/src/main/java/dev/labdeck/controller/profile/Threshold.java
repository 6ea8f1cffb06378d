package dev.labdeck.controller.profile;

/**
 * A condition on a summary figure that must hold for the run to pass, e.g.
 * {@code traffic.loss_percent <= 0.1}. {@code metric} is a dotted path into summary.json.
 */
public record Threshold(String metric, Comparison op, double value) {
    public enum Comparison {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("==");

        public final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }
    }
}
