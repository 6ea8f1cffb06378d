package dev.labdeck.controller.run;

/** The user aborted the run in {@code step}; the run tears down and ends with status {@code aborted}. */
public final class RunAborted extends RunFailure {
    public RunAborted(String step) {
        super(null, step, "aborted by the user");
    }
}
