package dev.labdeck.controller.profile;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text form of a {@link Threshold}: {@code traffic.loss_percent <= 0.1}. */
public final class ThresholdExpression {

    private static final Pattern FORM = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_\\-]*(?:\\.[A-Za-z0-9_\\-]+)*)\\s*(<=|>=|==|<|>)\\s*([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*");

    private ThresholdExpression() {}

    /** The threshold, or null when {@code text} is not {@code METRIC OP NUMBER}. */
    public static Threshold parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return null;
        }
        return new Threshold(m.group(1), comparison(m.group(2)), Double.parseDouble(m.group(3)));
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
