package dev.labdeck.controller.compare;

/**
 * One figure in two runs.
 *
 * @param a       the reference run's value, or null when it has no such figure
 * @param b       the compared run's value, or null
 * @param percent change from a to b in percent of |a|; infinite when a is 0 and b is not; NaN when either is missing
 */
public record FigureChange(String path, Double a, Double b, double delta, double percent, Verdict verdict) {

    /** What the change means for this figure. */
    public enum Verdict {
        BETTER, WORSE, SAME, CHANGED, ONLY_A, ONLY_B;

        public String word() {
            return switch (this) {
                case BETTER -> "better";
                case WORSE -> "worse";
                case SAME -> "same";
                case CHANGED -> "changed";
                case ONLY_A -> "only in A";
                case ONLY_B -> "only in B";
            };
        }
    }

    static FigureChange of(String path, Double a, Double b) {
        if (a == null || b == null) {
            return new FigureChange(path, a, b, Double.NaN, Double.NaN, a == null ? Verdict.ONLY_B : Verdict.ONLY_A);
        }
        double delta = b - a;
        double percent = a == 0 ? (delta == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, delta)) : delta / Math.abs(a) * 100;
        Verdict v;
        // below a millionth of the value, a difference is the rounding of summary.json, not a change
        if (Math.abs(delta) <= 1e-6 * Math.max(1, Math.abs(a))) {
            v = Verdict.SAME;
        } else {
            v = switch (Better.of(path)) {
                case HIGHER -> delta > 0 ? Verdict.BETTER : Verdict.WORSE;
                case LOWER -> delta < 0 ? Verdict.BETTER : Verdict.WORSE;
                case NEITHER -> Verdict.CHANGED;
            };
        }
        return new FigureChange(path, a, b, delta, percent, v);
    }
}
