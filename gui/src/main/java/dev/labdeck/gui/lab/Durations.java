package dev.labdeck.gui.lab;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as profiles write them: 10s, 500ms, 2m, 1h, 1.5s. */
final class Durations {
    private static final Pattern TEXT = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?\\s*");

    private Durations() {}

    static Duration parse(String v) {
        if (v == null || v.isBlank()) return null;
        Matcher m = TEXT.matcher(v);
        if (!m.matches()) throw new IllegalArgumentException("'" + v + "' is not a duration such as 10s, 500ms or 2m");
        BigDecimal n = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        BigDecimal ms = switch (unit) {
            case "ms" -> n;
            case "m" -> n.multiply(BigDecimal.valueOf(60_000));
            case "h" -> n.multiply(BigDecimal.valueOf(3_600_000));
            default -> n.multiply(BigDecimal.valueOf(1000));
        };
        return Duration.ofMillis(ms.longValue());
    }

    static String format(Duration d) {
        if (d == null) return "";
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
