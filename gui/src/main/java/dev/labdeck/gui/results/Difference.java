package dev.labdeck.gui.results;

/** A line of the comparison table: one summary figure in run A and run B. NaN where a run lacks it. */
public record Difference(String figure, double a, double b) {
    public double delta() {
        return b - a;
    }

    /** Change from A to B in percent of A; NaN when A is zero or missing. */
    public double deltaPercent() {
        return Double.isNaN(a) || Double.isNaN(b) || a == 0 ? Double.NaN : 100.0 * (b - a) / Math.abs(a);
    }
}
