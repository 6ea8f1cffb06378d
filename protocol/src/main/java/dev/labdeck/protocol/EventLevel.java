package dev.labdeck.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/** How much an event matters: information, a warning, or an error. On the wire in lower case, e.g. {@code "warn"}. */
public enum EventLevel implements WireWord {
    /** Information. */
    INFO,
    /** A warning: the run goes on, but a person should look. */
    WARN,
    /** An error: something failed. */
    ERROR;

    /** The wire word, so a state in a message reads as on the wire. */
    @Override
    public String toString() {
        return json();
    }

    /** The wire word, in any case; throws for a word outside the set. */
    @JsonCreator
    public static EventLevel of(String word) {
        return WireWord.of(EventLevel.class, word);
    }
}
