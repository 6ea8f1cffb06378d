package dev.labdeck.controller.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.labdeck.protocol.WireWord;

/**
 * How a run ended: every threshold held, one failed, the run itself could not complete, or the
 * user aborted it (torn down all the same). RUNNING is what a run directory without a summary
 * shows: the run is still going, or it crashed before writing one. In summary.json in lower case.
 */
public enum RunStatus implements WireWord {
    PASSED, FAILED, ERROR, ABORTED, RUNNING;

    /** The summary.json word, so a status in a message reads as in the file. */
    @Override
    public String toString() {
        return json();
    }

    /** The summary.json word, in any case; throws for a word outside the set. */
    @JsonCreator
    public static RunStatus of(String s) {
        return WireWord.of(RunStatus.class, s);
    }
}
