package dev.labdeck.gui.run;

import java.nio.file.Path;

/**
 * How a run ended.
 *
 * @param status       passed, failed (a threshold), error (the run itself failed) or aborted; for a
 *                     preflight, preflight-passed or preflight-failed (a preflight is not a run)
 * @param message      one line for people, naming host and step when the run failed
 * @param runDirectory where its files are, or null when it never got that far
 * @param failure      the cause, for the error dialog's expander and the log; null when none
 */
public record RunOutcome(String status, String message, Path runDirectory, Throwable failure) {
    public static final String PREFLIGHT_PASSED = "preflight-passed";
    public static final String PREFLIGHT_FAILED = "preflight-failed";

    public boolean preflight() {
        return status.startsWith("preflight-");
    }
}
