package dev.labdeck.controller.compare;

import dev.labdeck.controller.results.ThresholdEvaluator;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A change that fails CI: {@code traffic.rx_pps < -5%} (B's rx_pps more than 5 % below A's),
 * {@code dst_cpu.mean > +10%}, or without {@code %} an absolute change in the figure's own unit:
 * {@code traffic.loss_percent > 0.1} (loss up by more than 0.1 points). The rule holds when the
 * change does NOT satisfy the comparison; a figure missing from either run breaks the rule too,
 * since CI cannot tell whether it regressed.
 */
public record RegressionRule(String text, String path, Op op, double value, boolean percent) {

    public enum Op {
        LT("<"), LE("<="), GT(">"), GE(">=");

        public final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean test(double x, double v) {
            return switch (this) {
                case LT -> x < v;
                case LE -> x <= v;
                case GT -> x > v;
                case GE -> x >= v;
            };
        }
    }

    private static final Pattern FORM = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*(<=|>=|<|>)\\s*([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)\\s*(%?)\\s*");

    /** @throws IllegalArgumentException with the expected form when {@code text} is not a rule */
    public static RegressionRule parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("--fail-if '" + text + "': expected FIGURE OP CHANGE, e.g. "
                    + "'traffic.rx_pps < -5%' (relative) or 'traffic.loss_percent > 0.1' (absolute); OP is <, <=, > or >=");
        }
        Op op = switch (m.group(2)) {
            case "<" -> Op.LT;
            case "<=" -> Op.LE;
            case ">" -> Op.GT;
            default -> Op.GE;
        };
        return new RegressionRule(text.trim(), m.group(1), op, Double.parseDouble(m.group(3)), !m.group(4).isEmpty());
    }

    /** Why this comparison breaks the rule, or empty when it holds. */
    public Optional<String> violation(RunComparison c) {
        FigureChange f = c.figure(path);
        if (f.a() == null || f.b() == null) {
            return Optional.of(path + " is not in " + (f.a() == null && f.b() == null ? "either run"
                    : f.a() == null ? "A (" + c.a().name() + ")" : "B (" + c.b().name() + ")") + "; cannot check '" + text + "'");
        }
        double change = percent ? f.percent() : f.delta();
        if (!op.test(change, value)) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%s changed %s (%s → %s), which is %s %s%s",
                path, percent ? percentText(change) : signed(change), ThresholdEvaluator.format(f.a()),
                ThresholdEvaluator.format(f.b()), op.symbol, signed(value), percent ? " %" : ""));
    }

    static String percentText(double p) {
        if (Double.isInfinite(p)) return (p > 0 ? "+" : "-") + "∞ %";
        return String.format(Locale.ROOT, "%+.2f %%", p);
    }

    private static String signed(double v) {
        return (v > 0 ? "+" : "") + ThresholdEvaluator.format(v);
    }
}
