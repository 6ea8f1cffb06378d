package dev.labdeck.controller.engine;

import dev.labdeck.controller.agent.AgentClient;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.run.MeasuredTraffic;
import dev.labdeck.controller.run.RunAborted;
import dev.labdeck.controller.run.RunContext;
import dev.labdeck.controller.run.RunEvent;
import dev.labdeck.controller.run.RunFailure;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.protocol.EventLevel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that knows the run's state: its phase, whether it is stopping and why (the user's
 * abort, a lost agent, a stage's watcher), and its traffic figures. It is also the
 * {@link RunContext} the stages see.
 */
final class EngineContext implements RunContext {
    private static final Logger LOG = LoggerFactory.getLogger(EngineContext.class);

    private final Profile profile;
    private final String runId;
    private final Path dir;
    private final Instant started;
    private final RunRecorder recorder;
    private final HostSessions hosts;

    private volatile RunPhase phase = RunPhase.PLAN;
    private volatile boolean stopping;
    private volatile boolean aborted;
    private volatile boolean finished;
    /** The first failure that came from outside the phases (a lost agent, a stage's watcher). */
    private volatile RunFailure failedFromOutside;
    private volatile MeasuredTraffic measured;
    private volatile dev.labdeck.protocol.SourceEngine sourceEngine;
    private volatile dev.labdeck.controller.results.ClockOffset clockOffset;

    EngineContext(Profile profile, String runId, Path dir, Instant started, RunRecorder recorder, TransportOptions transport) {
        this.profile = profile;
        this.runId = runId;
        this.dir = dir;
        this.started = started;
        this.recorder = recorder;
        this.hosts = new HostSessions(this, transport);
    }

    // ---- what the stages see ---------------------------------------------------------------

    @Override
    public Profile profile() {
        return profile;
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public Path runDirectory() {
        return dir;
    }

    @Override
    public AgentClient agent(String host) {
        return hosts.client(host).orElseThrow(() -> new IllegalArgumentException("no agent on host '" + host + "' in this run"));
    }

    @Override
    public void event(EventLevel level, String host, String kind, String message, Map<String, String> data) {
        recorder.record(new RunEvent(Instant.now(), level, phase, host, kind, message, data == null ? Map.of() : data), true);
    }

    @Override
    public boolean stopping() {
        return stopping;
    }

    /** A stage's watcher failed the run (e.g. a crash_fails_run service exited): like a lost agent, the first wins. */
    @Override
    public void fail(RunFailure failure) {
        failFromOutside(failure);
    }

    /** Like {@link #fail}; true when this failure was the first and now stops the run. */
    synchronized boolean failFromOutside(RunFailure failure) {
        if (failedFromOutside != null || finished) {
            return false;
        }
        failedFromOutside = failure;
        stopping = true;
        return true;
    }

    @Override
    public void summarySection(String name, Object value) {
        recorder.section(name, value);
    }

    @Override
    public RunPhase phase() {
        return phase;
    }

    @Override
    public Optional<MeasuredTraffic> measurement() {
        return Optional.ofNullable(measured);
    }

    @Override
    public Optional<dev.labdeck.protocol.SourceEngine> sourceEngine() {
        return Optional.ofNullable(sourceEngine);
    }

    @Override
    public Optional<dev.labdeck.controller.results.ClockOffset> clockOffset() {
        return Optional.ofNullable(clockOffset);
    }

    void clockOffset(dev.labdeck.controller.results.ClockOffset offset) {
        clockOffset = offset;
    }

    // ---- what the engine's parts share -----------------------------------------------------

    Instant started() {
        return started;
    }

    RunRecorder recorder() {
        return recorder;
    }

    HostSessions hosts() {
        return hosts;
    }

    void sourceEngine(dev.labdeck.protocol.SourceEngine chosen) {
        sourceEngine = chosen;
    }

    void measured(MeasuredTraffic m) {
        measured = m;
    }

    /** Enters a phase: recorded as an event and told to the listener. */
    void enter(RunPhase p) {
        phase = p;
        recorder.phase(p);
    }

    /** The user asked to stop: the phase in progress ends at its next check, then TEARDOWN runs. */
    void abort() {
        if (!finished && !stopping) {
            aborted = true;
            stopping = true;
            LOG.info("run {}: abort requested in {}", runId, phase);
        }
    }

    boolean aborted() {
        return aborted;
    }

    /** From TEARDOWN on, waits end early and no new failure counts. */
    void stopNow() {
        stopping = true;
    }

    void finished() {
        finished = true;
    }

    /** Ends the phase in progress when the run was aborted or failed from outside. */
    void checkStopping() throws RunFailure {
        RunFailure outside = failedFromOutside;
        if (outside != null) {
            throw outside;
        }
        if (aborted) {
            throw abortedFailure();
        }
    }

    /** An abort or an outside failure explains the failure it caused better than the failure itself. */
    RunFailure rootCause(RunFailure failure) {
        if (failedFromOutside != null) {
            return failedFromOutside;
        }
        if (aborted) {
            return abortedFailure();
        }
        return failure;
    }

    private RunFailure abortedFailure() {
        return new RunAborted(step());
    }

    /** The phase in progress as a failure's step, e.g. "start services". */
    String step() {
        return phase.label().toLowerCase(Locale.ROOT);
    }
}
