package dev.labdeck.controller.run;

import dev.labdeck.controller.profile.Profile;
import java.io.IOException;

/**
 * Runs profiles: the one state machine of a run, the same for the desktop app and the CLI.
 *
 * <pre>
 * PLAN → PREFLIGHT → DEPLOY → PREPARE → START SERVICES → WARMUP → MEASURE → COOLDOWN → COLLECT → TEARDOWN → REPORT
 * </pre>
 *
 * PREFLIGHT starts every host's agent (in parallel) and asks it what its host can do; it stops the
 * run with the whole list of problems before anything on the hosts is changed. DEPLOY binds the
 * agents to the run and opens their event streams; heartbeats go to every agent each second from
 * the moment it is up. TEARDOWN always runs once PLAN has passed, in reverse order of set-up;
 * REPORT writes summary.json, junit.xml and report.html into the run directory.
 */
public final class RunEngine {

    private RunEngine() {}

    /**
     * Starts a run on a background (virtual) thread and returns at once. The run directory exists
     * when this returns.
     *
     * @throws IOException when the run directory cannot be created (or {@code --out} already holds a run)
     */
    public static RunHandle start(Profile profile, RunOptions options, RunListener listener) throws IOException {
        return start(profile, options, listener, RunStages::forProfile);
    }

    /** With other stages than {@link RunStages#forProfile}: for tests of the stage contract. */
    static RunHandle start(Profile profile, RunOptions options, RunListener listener,
                           java.util.function.Function<Profile, java.util.List<RunStage>> stages) throws IOException {
        RunExecution run = new RunExecution(profile, options, listener == null ? RunListener.NONE : listener, stages);
        Thread.ofVirtual().name("labdeck-run-" + run.runId()).start(run::execute);
        return run.handle();
    }
}
