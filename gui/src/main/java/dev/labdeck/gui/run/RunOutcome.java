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
 * @param figures      the run's result figures for the tiles; {@link RunFigures#NONE} when it measured none
 */
public record RunOutcome(String status, String message, Path runDirectory, Throwable failure, RunFigures figures) {
    public RunOutcome {
        figures = figures == null ? RunFigures.NONE : figures;
    }

    /** An outcome without figures (a preflight, or a run that ended before MEASURE). */
    public RunOutcome(String status, String message, Path runDirectory, Throwable failure) {
        this(status, message, runDirectory, failure, RunFigures.NONE);
    }

    public static final String PREFLIGHT_PASSED = "preflight-passed";
    public static final String PREFLIGHT_FAILED = "preflight-failed";

    public boolean preflight() {
        return status.startsWith("preflight-");
    }
}
