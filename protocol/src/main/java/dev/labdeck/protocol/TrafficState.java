package dev.labdeck.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The traffic source's state on an agent. On the wire in lower case, e.g. {@code "running"}. */
public enum TrafficState implements WireWord {
    /** Nothing sent yet in this session. */
    IDLE,
    /** Sending. */
    RUNNING,
    /** Sent for the whole duration. */
    DONE,
    /** Stopped early on request. */
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
    public static TrafficState of(String word) {
        return WireWord.of(TrafficState.class, word);
    }
}
