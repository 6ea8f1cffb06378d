package dev.labdeck.controller.engine;

import dev.labdeck.controller.lab.LabException;
import dev.labdeck.controller.lab.LabResolver;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.results.RunDirectory;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.controller.run.RunListener;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.run.RunStage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

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
 *
 * <p>Where each part lives: {@link PhaseMachine} (the phases in order), {@link HostSessions}
 * (agents: reach, bind, heartbeat, stop), {@link Preflight} (capability checks),
 * {@link RunRecorder} (events, metrics, service logs, summary sections, the listener),
 * {@link RunReport} (the summary handed to the report writers), {@link RunStages} (which stages a
 * profile needs), {@link EngineContext} (the run's state, and what stages see).
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
    static RunHandle start(Profile given, RunOptions options, RunListener listener,
                           Function<Profile, List<RunStage>> stagesFor) throws IOException {
        // lab:src, lab:dst.data, key: lab: become the lab-in-a-box's real addresses and key here,
        // so the run directory's profile.yaml and every phase see what was really used
        Profile profile = given;
        String labProblem = null;
        try {
            profile = LabResolver.resolve(given);
        } catch (LabException e) {
            labProblem = e.getMessage();
        }
        Instant started = Instant.now();
        Path dir = runDirectory(profile, options, started);
        String runId = RunDirectory.runId(profile.name(), started);
        boolean live = profile.results() == null || profile.results().realTime();
        RunRecorder recorder = new RunRecorder(dir, runId, listener == null ? RunListener.NONE : listener, live);
        EngineContext run = new EngineContext(profile, runId, dir, started, recorder, options.transport());
        // stages see the resolved profile: real addresses, not lab: references
        PhaseMachine machine = new PhaseMachine(run, options.preflightOnly(), labProblem, stagesFor.apply(profile));
        CompletableFuture<RunSummary> done = new CompletableFuture<>();
        Thread.ofVirtual().name("labdeck-run-" + runId).start(() -> {
            try {
                done.complete(machine.execute());
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e); // a bug in the engine itself; RunHandle.await says so
            }
        });
        return new RunHandle(runId, dir, run::abort, done);
    }

    private static Path runDirectory(Profile profile, RunOptions options, Instant started) throws IOException {
        if (options.outputDirectory() != null) {
            return RunDirectory.useExplicit(options.outputDirectory().toAbsolutePath());
        }
        Path root = options.runsRoot() != null ? options.runsRoot()
                : Path.of(profile.results() != null && profile.results().directory() != null
                        ? profile.results().directory() : "runs");
        return RunDirectory.create(root.toAbsolutePath(), profile.name(), started);
    }
}
