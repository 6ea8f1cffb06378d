package dev.labdeck.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/** A service's state on an agent. On the wire in lower case, e.g. {@code "ready"}. */
public enum ServiceState implements WireWord {
    /** Started, not ready yet. */
    STARTING,
    /** Its readiness probe passed. */
    READY,
    /** Ended by itself. */
    EXITED,
    /** Stopped on request. */
    STOPPED,
    /** Could not start or never became ready; {@code reason} says why. */
    FAILED;

    /** The wire word, so a state in a message reads as on the wire. */
    @Override
    public String toString() {
        return json();
    }

    /** The wire word, in any case; throws for a word outside the set. */
    @JsonCreator
    public static ServiceState of(String word) {
        return WireWord.of(ServiceState.class, word);
    }
}
