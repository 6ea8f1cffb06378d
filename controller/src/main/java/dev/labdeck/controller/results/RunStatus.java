package dev.labdeck.controller.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a run ended: every threshold held, one failed, the run itself could not complete, or the
 * user aborted it (torn down all the same). RUNNING is what a run directory without a summary
 * shows: the run is still going, or it crashed before writing one.
 */
public enum RunStatus {
    PASSED, FAILED, ERROR, ABORTED, RUNNING;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The summary.json word, so a status in a message reads as in the file. */
    @Override
    public String toString() {
        return json();
    }

    @JsonCreator
    public static RunStatus of(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
