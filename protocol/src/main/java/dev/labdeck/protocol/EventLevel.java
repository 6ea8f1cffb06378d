package dev.labdeck.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How much an event matters: information, a warning, or an error. On the wire in lower case, e.g. {@code "warn"}. */
public enum EventLevel {
    /** Information. */
    INFO,
    /** A warning: the run goes on, but a person should look. */
    WARN,
    /** An error: something failed. */
    ERROR;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The wire word, so a state in a message reads as on the wire. */
    @Override
    public String toString() {
        return json();
    }

    /** The wire word, in any case; throws for a word outside the set. */
    @JsonCreator
    public static EventLevel of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
