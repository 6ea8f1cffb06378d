package dev.labdeck.nativeio;

import java.util.Locale;

/** The signals LabDeck sends, with their Linux numbers (x86-64 and arm64 agree on these). */
public enum Signal {
    HUP(1), INT(2), QUIT(3), KILL(9), USR1(10), USR2(12), TERM(15);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** Parses "TERM", "SIGTERM", "term" or "15". */
    public static Signal parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.startsWith("SIG")) {
            n = n.substring(3);
        }
        for (Signal s : values()) {
            if (s.name().equals(n) || String.valueOf(s.number).equals(n)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown signal '" + name + "' (one of HUP, INT, QUIT, KILL, USR1, USR2, TERM)");
    }

    /** The name for a signal number, e.g. 9 → "KILL"; unknown numbers as "SIG<n>". */
    public static String nameOf(int number) {
        for (Signal s : values()) {
            if (s.number == number) {
                return s.name();
            }
        }
        return "SIG" + number;
    }
}
