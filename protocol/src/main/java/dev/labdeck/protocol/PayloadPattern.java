package dev.labdeck.protocol;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * What fills a test packet's payload after LabDeck's header: {@code zeros}, {@code random} (random
 * bytes chosen once per flow), {@code hex:0a0b0c} (these bytes, repeated) or {@code text:hello}
 * (its UTF-8 bytes, repeated).
 */
public final class PayloadPattern {
    public static final String ZEROS = "zeros";
    public static final String RANDOM = "random";
    public static final String HEX = "hex:";
    public static final String TEXT = "text:";

    private PayloadPattern() {}

    /** Why {@code pattern} is not one, or empty when it is (null is zeros). */
    public static Optional<String> problem(String pattern) {
        if (pattern == null || pattern.equals(ZEROS) || pattern.equals(RANDOM)) return Optional.empty();
        if (pattern.startsWith(TEXT)) {
            return pattern.length() > TEXT.length() ? Optional.empty() : Optional.of("text: needs some text after it, e.g. text:hello");
        }
        if (pattern.startsWith(HEX)) {
            String hex = pattern.substring(HEX.length());
            if (hex.isEmpty() || hex.length() % 2 != 0 || !hex.matches("[0-9a-fA-F]+")) {
                return Optional.of("hex: needs an even number of hex digits after it, e.g. hex:deadbeef, got '" + hex + "'");
            }
            return Optional.empty();
        }
        return Optional.of("payload '" + pattern + "' is not one of zeros, random, hex:<digits>, text:<text>");
    }

    /** {@code bytes} bytes of the pattern (an IllegalArgumentException for a wrong one). */
    public static byte[] fill(String pattern, int bytes, java.util.Random random) {
        problem(pattern).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        byte[] out = new byte[Math.max(0, bytes)];
        if (pattern == null || pattern.equals(ZEROS)) return out;
        if (pattern.equals(RANDOM)) {
            random.nextBytes(out);
            return out;
        }
        byte[] unit = pattern.startsWith(HEX) ? HexFormat.of().parseHex(pattern.substring(HEX.length()).toLowerCase(Locale.ROOT))
                : pattern.substring(TEXT.length()).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < out.length; i++) out[i] = unit[i % unit.length];
        return out;
    }
}
