package dev.labdeck.gui.run;

import dev.labdeck.protocol.EventLevel;
import java.time.Instant;

/** A line of the event log as the Run view lists it. */
public record EventLine(Instant time, EventLevel level, String phase, String host, String kind, String message) {
    /** Case-insensitive match on every column, for the log filter. */
    public boolean matches(String filter) {
        if (filter == null || filter.isBlank()) return true;
        String f = filter.toLowerCase();
        return (level != null && contains(level.json(), f)) || contains(phase, f) || contains(host, f) || contains(kind, f) || contains(message, f);
    }

    private static boolean contains(String s, String f) {
        return s != null && s.toLowerCase().contains(f);
    }
}
