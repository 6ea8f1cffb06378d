package dev.labdeck.controller.profile;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Profile durations: {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h}, or a plain number of seconds. */
final class Durations {

    private static final Pattern TEXT = Pattern.compile("\\s*([-+]?\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?\\s*");

    private Durations() {}

    /** True when {@code text} has a duration's form, whether or not it fits (see {@link #parse}). */
    static boolean looksLikeDuration(String text) {
        return TEXT.matcher(text).matches();
    }

    /** Parses the text form; null when it is not a duration or too long to hold (about 292 years). */
    static Duration parse(String text) {
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            return null;
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        return ofSeconds(new BigDecimal(m.group(1)).multiply(switch (unit) {
            case "ms" -> new BigDecimal("0.001");
            case "m" -> BigDecimal.valueOf(60);
            case "h" -> BigDecimal.valueOf(3600);
            default -> BigDecimal.ONE;
        }));
    }

    static Duration ofSeconds(BigDecimal seconds) {
        BigDecimal nanos = seconds.movePointRight(9);
        try {
            return Duration.ofNanos(nanos.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException tooLong) {
            return null;
        }
    }

    /** The shortest text that parses back to exactly {@code d}: {@code 10s}, {@code 500ms}, {@code 0.0005s}. */
    static String format(Duration d) {
        if (d.toNanos() % 1_000_000_000L == 0) {
            return d.toSeconds() + "s";
        }
        if (d.toNanos() % 1_000_000L == 0) {
            return d.toMillis() + "ms";
        }
        return BigDecimal.valueOf(d.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString() + "s";
    }

    /** For messages: {@code 10 s}, {@code 500 ms}. */
    static String human(Duration d) {
        String f = format(d);
        return f.endsWith("ms") ? f.substring(0, f.length() - 2) + " ms" : f.substring(0, f.length() - 1) + " s";
    }
}
