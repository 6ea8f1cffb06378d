package dev.labdeck.controller.run;

/**
 * A piece of a run that changes the hosts in one phase (attaching XDP in PREPARE, starting
 * services in START SERVICES) and undoes it in TEARDOWN, in reverse order of set-up.
 */
public interface RunStage {
    RunPhase phase();

    /** Sets up; on failure throws with host, step and reason, having undone its own partial work. */
    void setUp(RunContext ctx) throws RunFailure;

    /** Undoes {@link #setUp}; never throws, records problems as events. Safe after a failed set-up. */
    void tearDown(RunContext ctx);
}
