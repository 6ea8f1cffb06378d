package dev.labdeck.gui.run;

import dev.labdeck.controller.run.RunPhase;

/** One box of the phase timeline. {@code durationMs} is -1 until the phase has ended. */
public record PhaseStep(RunPhase phase, State state, long durationMs) {
    public enum State { PENDING, ACTIVE, DONE, FAILED, SKIPPED }

    public String label() {
        return phase.label();
    }
}
