package dev.labdeck.controller.profile;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text form of a {@link Threshold}: {@code traffic.loss_percent <= 0.1}. */
public final class ThresholdExpression {

    /** More path segments than any summary.json has; deeper paths are refused before any matching or lookup. */
    public static final int MAX_PATH_SEGMENTS = 16;

    /** A long path through this form's repeated group would recurse per segment (StackOverflowError); this one does not. */
    private static final Pattern FLAT_FORM = Pattern.compile(
            "\\s*([^\\s<>=]+)\\s*(<=|>=|==|<|>)\\s*([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*");

    private static final Pattern FORM = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_\\-]*(?:\\.[A-Za-z0-9_\\-]+)*)\\s*(<=|>=|==|<|>)\\s*([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*");

    private ThresholdExpression() {}

    /** The threshold, or null when {@code text} is not {@code METRIC OP NUMBER}. */
    public static Threshold parse(String text) {
        Matcher m = (segments(text) > MAX_PATH_SEGMENTS ? FLAT_FORM : FORM).matcher(text);
        if (!m.matches()) {
            return null;
        }
        return new Threshold(m.group(1), comparison(m.group(2)), Double.parseDouble(m.group(3)));
    }

    /** Why {@code metric} is not a usable path into summary.json (too deep), or null. */
    public static String pathProblem(String metric) {
        int n = segments(metric);
        return n > MAX_PATH_SEGMENTS ? "metric path has " + n + " segments, more than the " + MAX_PATH_SEGMENTS
                + " any summary.json has" : null;
    }

    private static int segments(String text) {
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '.') n++;
        }
        return n;
    }

    /** {@code <}, {@code <=}, ... or lt, le, gt, ge, eq; null when none of these. */
    public static Threshold.Comparison comparison(String op) {
        for (Threshold.Comparison c : Threshold.Comparison.values()) {
            if (c.symbol.equals(op) || c.name().equalsIgnoreCase(op)) {
                return c;
            }
        }
        return null;
    }

    public static String format(Threshold t) {
        return t.metric() + " " + t.op().symbol + " " + number(t.value());
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
