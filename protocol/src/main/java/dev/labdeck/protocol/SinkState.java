package dev.labdeck.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The traffic sink's state on an agent. On the wire in lower case, e.g. {@code "running"}. */
public enum SinkState implements WireWord {
    /** Not listening. */
    IDLE,
    /** Listening and counting. */
    RUNNING,
    /** Stopped; its counters are final. */
    STOPPED,
    /** Failed; {@code error} says why. */
    ERROR;

    /** The wire word, so a state in a message reads as on the wire. */
    @Override
    public String toString() {
        return json();
    }

    /** The wire word, in any case; throws for a word outside the set. */
    @JsonCreator
    public static SinkState of(String word) {
        return WireWord.of(SinkState.class, word);
    }
}
