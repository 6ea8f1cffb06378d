package dev.labdeck.controller.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a run ended: every threshold held, one failed, or the run itself could not complete. */
public enum RunStatus {
    PASSED, FAILED, ERROR;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RunStatus of(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
