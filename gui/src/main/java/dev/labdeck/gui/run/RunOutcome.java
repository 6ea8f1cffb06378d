package dev.labdeck.gui.run;

import dev.labdeck.controller.results.RunStatus;
import java.nio.file.Path;

/**
 * How a run ended.
 *
 * @param status       passed, failed (a threshold), error (the run itself failed) or aborted
 * @param message      one line for people, naming host and step when the run failed
 * @param runDirectory where its files are, or null when it never got that far
 * @param failure      the cause, for the error dialog's expander and the log; null when none
 */
public record RunOutcome(RunStatus status, String message, Path runDirectory, Throwable failure) {}
