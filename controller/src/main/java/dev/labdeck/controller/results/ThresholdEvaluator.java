package dev.labdeck.controller.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.profile.Threshold;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a profile's thresholds against summary.json. A threshold names a dotted path into the
 * summary ({@code traffic.loss_percent}, {@code dst_cpu.mean}, {@code traffic.per_flow.0.rx_packets},
 * {@code xdp.packets}); a path that leads to no number fails the threshold and says so.
 */
public final class ThresholdEvaluator {

    private ThresholdEvaluator() {}

    public static List<ThresholdResult> evaluate(List<Threshold> thresholds, JsonNode summary) {
        List<ThresholdResult> results = new ArrayList<>();
        for (Threshold t : thresholds == null ? List.<Threshold>of() : thresholds) {
            results.add(evaluate(t, summary));
        }
        return results;
    }

    public static ThresholdResult evaluate(Threshold t, JsonNode summary) {
        String op = t.op().symbol;
        Optional<Double> actual = lookup(summary, t.metric());
        if (actual.isEmpty()) {
            return new ThresholdResult(t.metric(), op, t.value(), null, false,
                    t.metric() + " is not in the summary (the run measured no such figure)");
        }
        double a = actual.get();
        boolean ok = holds(a, t.op(), t.value());
        String message = t.metric() + " = " + format(a) + (ok ? ", holds " : ", violates ") + op + " " + format(t.value());
        return new ThresholdResult(t.metric(), op, t.value(), a, ok, message);
    }

    static boolean holds(double actual, Threshold.Comparison op, double expected) {
        if (Double.isNaN(actual)) {
            return false;
        }
        return switch (op) {
            case LT -> actual < expected;
            case LE -> actual <= expected;
            case GT -> actual > expected;
            case GE -> actual >= expected;
            // figures like loss_percent are computed; equality within rounding noise is what people mean
            case EQ -> Math.abs(actual - expected) <= 1e-9 * Math.max(1.0, Math.abs(expected));
        };
    }

    /** The number at a dotted path (true/false count as 1/0); array elements by index. Empty when absent or not numeric. */
    public static Optional<Double> lookup(JsonNode root, String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            if (node == null) {
                return Optional.empty();
            }
            if (node.isArray() && part.chars().allMatch(Character::isDigit) && !part.isEmpty()) {
                node = node.get(Integer.parseInt(part));
            } else {
                node = node.get(part);
            }
        }
        if (node != null && node.isBoolean()) {
            return Optional.of(node.booleanValue() ? 1.0 : 0.0); // e.g. traffic.generator_limited == 0
        }
        if (node == null || !node.isNumber()) {
            return Optional.empty();
        }
        return Optional.of(node.doubleValue());
    }

    /** A number as people write it: no trailing zeros, no exponent for ordinary magnitudes. */
    public static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
