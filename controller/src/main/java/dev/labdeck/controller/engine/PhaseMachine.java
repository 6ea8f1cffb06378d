package dev.labdeck.controller.engine;

import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.TrafficSpec;
import dev.labdeck.controller.results.ResultFiles;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.run.HostState;
import dev.labdeck.controller.run.RunFailure;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.controller.run.RunStage;
import dev.labdeck.controller.service.ServicesMeasurement;
import dev.labdeck.controller.sweep.SweepRun;
import dev.labdeck.controller.traffic.TrafficMeasurement;
import dev.labdeck.controller.xdp.XdpStage;
import dev.labdeck.protocol.EventLevel;
import dev.labdeck.protocol.MetricGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's phases in order, the same for the desktop app and the CLI:
 *
 * <pre>
 * PLAN → PREFLIGHT → DEPLOY → PREPARE → START SERVICES → WARMUP → MEASURE → COOLDOWN → COLLECT → TEARDOWN → REPORT
 * </pre>
 *
 * Each phase is one method below; a failure in any of them (or an abort, or a lost agent) skips
 * to TEARDOWN, which always runs, then REPORT. A new step of the run is a {@link RunStage} (see
 * {@link RunStages}) or, when it is not set up and torn down, a line in {@link #execute()}.
 */
final class PhaseMachine {
    private static final Logger LOG = LoggerFactory.getLogger(PhaseMachine.class);

    private final EngineContext run;
    private final boolean preflightOnly;
    /** Why the profile's {@code lab:} references could not be resolved; PLAN fails with it. */
    private final String labProblem;
    private final List<RunStage> stages;
    /** The stages set up so far, torn down in reverse (even one whose set-up failed half-way). */
    private final List<RunStage> setUp = new ArrayList<>();

    PhaseMachine(EngineContext run, boolean preflightOnly, String labProblem, List<RunStage> stages) {
        this.run = run;
        this.preflightOnly = preflightOnly;
        this.labProblem = labProblem;
        this.stages = List.copyOf(stages);
    }

    /** Runs every phase; returns the summary once the run is torn down and reported. Never throws. */
    RunSummary execute() {
        RunFailure failure = null;
        try {
            plan();
            preflight();
            if (preflightOnly) {
                run.info(null, "preflight.only", "preflight only: every host is ready; nothing was changed");
            } else {
                deploy();
                stages(RunPhase.PREPARE);
                stages(RunPhase.START_SERVICES);
                measure();
                collect();
            }
        } catch (RunFailure f) {
            failure = f;
        } catch (RuntimeException | Error e) {
            LOG.info("run {} failed unexpectedly in {}", run.runId(), run.phase(), e);
            failure = new RunFailure(null, run.step(), "internal error: " + e, e);
        }
        failure = run.rootCause(failure);
        if (failure != null) {
            // the trace goes to the log file only; people get the message (host, step, reason)
            LOG.info("run {} failed: {}", run.runId(), failure.getMessage(), failure.getCause());
            // host and step are fields of the event; the message is step and reason, as the CLI prints it after the host
            run.event(EventLevel.ERROR, failure.host(), "error", failure.step() + ": " + failure.reason(),
                    Map.of("step", failure.step()));
            RunFailure f = failure;
            run.hosts().get(failure.host()).ifPresent(s -> run.hosts().state(s, HostState.ERROR, f.reason()));
        }
        RunSummary summary;
        try {
            teardown();
            if (failure == null && run.rootCause(null) != null) {
                // a stage found a failure while tearing down (a service that crashed when stopped)
                failure = run.rootCause(null);
                run.event(EventLevel.ERROR, failure.host(), "error", failure.step() + ": " + failure.reason(),
                        Map.of("step", failure.step()));
            }
            run.enter(RunPhase.REPORT);
            summary = RunReport.write(run, failure);
        } catch (RuntimeException | Error e) {
            LOG.info("run {}: teardown or report failed", run.runId(), e);
            summary = RunReport.fallback(run, failure, e);
        }
        run.finished();
        run.recorder().finished(summary);
        keepOnlyTheFormatsAskedFor();
        return summary;
    }

    /** results.formats: events.jsonl and metrics.csv served the run and the report; drop those not asked for. */
    private void keepOnlyTheFormatsAskedFor() {
        Profile profile = run.profile();
        try {
            List<String> removed = ResultFiles.removeUnwanted(run.runDirectory(),
                    profile.results() == null ? null : profile.results().formats());
            if (!removed.isEmpty()) {
                LOG.info("run {}: results.formats leaves out {}", run.runId(), removed);
            }
        } catch (java.io.IOException e) {
            LOG.warn("run {}: cannot remove the files results.formats leaves out: {}", run.runId(), e.getMessage());
        }
    }

    private void plan() throws RunFailure {
        run.enter(RunPhase.PLAN);
        Profile profile = run.profile();
        run.recorder().writeProfile(profile).ifPresent(problem -> run.warn(null, "profile", problem));
        if (labProblem != null) {
            throw new RunFailure(null, "plan", labProblem);
        }
        HostSessions hosts = run.hosts();
        List<String> parts = new ArrayList<>();
        for (HostSession s : hosts.all()) {
            HostSpec h = s.spec;
            parts.add(h.name() + " (" + (h.transport() == HostSpec.Transport.LOCAL ? "local"
                    : "ssh " + (h.user() == null ? "" : h.user() + "@") + h.address() + ":" + h.sshPort()) + ")");
            hosts.state(s, HostState.PENDING, null);
        }
        run.info(null, "plan", "run " + run.runId() + " of profile " + profile.name() + " on " + hosts.size()
                + " host(s): " + String.join(", ", parts));
        if (hosts.isEmpty()) {
            throw new RunFailure(null, "plan", "the profile names no hosts");
        }
        TrafficSpec t = profile.traffic();
        if (t != null) {
            for (String role : List.of(t.source(), t.sink())) {
                if (!hosts.has(role)) {
                    throw new RunFailure(null, "plan", "the traffic names host '" + role + "', which the profile does not define");
                }
            }
            run.info(null, "plan", String.format(Locale.ROOT, "traffic: %s → %s (%s), %d flow(s), %,d pps, %s, %.1f s",
                    t.source(), t.sink(), TrafficMeasurement.destination(profile, t), TrafficMeasurement.flows(t).size(),
                    t.pps(), TrafficMeasurement.payloadWords(t), t.duration().toMillis() / 1000.0));
        }
        BaselineRuns.check(run);
        if (profile.results() != null && !profile.results().realTime()) {
            run.info(null, "real_time.off", "results.real_time is false: no live figures on screen while the run goes;"
                    + " the run directory's files are written as usual");
        }
        run.checkStopping();
    }

    private void preflight() throws RunFailure {
        run.enter(RunPhase.PREFLIGHT);
        Preflight.run(run);
        run.checkStopping();
    }

    private void deploy() throws RunFailure {
        run.enter(RunPhase.DEPLOY);
        Profile profile = run.profile();
        long sampleMs = profile.monitoring() != null && profile.monitoring().sampleInterval() != null
                ? Math.max(100, profile.monitoring().sampleInterval().toMillis()) : 1000;
        run.hosts().bindAll(sampleMs, metricGroups(profile));
        run.checkStopping();
    }

    /** monitoring.metrics as the agents' groups; empty (everything) when the profile names none. */
    static List<MetricGroup> metricGroups(Profile profile) {
        if (profile.monitoring() == null || profile.monitoring().metrics() == null) {
            return List.of();
        }
        // the profile's words are the wire's words (cpu, memory, network, xdp, dpdk)
        return profile.monitoring().metrics().stream().map(m -> MetricGroup.of(m.toString())).distinct().toList();
    }

    private void stages(RunPhase p) throws RunFailure {
        run.enter(p);
        setUpStages(p);
    }

    private void setUpStages(RunPhase p) throws RunFailure {
        Profile profile = run.profile();
        List<RunStage> mine = stages.stream().filter(s -> s.phase() == p).toList();
        if (mine.isEmpty() && (p == RunPhase.PREPARE || p == RunPhase.START_SERVICES)) {
            boolean wanted = p == RunPhase.PREPARE ? profile.xdp() != null && !profile.xdp().isEmpty()
                    : profile.hosts().stream().anyMatch(h -> h.services() != null && !h.services().isEmpty());
            if (wanted) {
                run.warn(null, "not.built", p == RunPhase.PREPARE
                        ? "PREPARE: attaching XDP is not built yet; the profile's xdp entries are ignored"
                        : "START SERVICES: starting services is not built yet; the profile's services are not started");
            } else {
                run.info(null, "phase.empty", p.label() + ": nothing to do for this profile");
            }
        }
        for (RunStage stage : mine) {
            setUp.add(stage); // torn down even when its set-up fails half-way
            stage.setUp(run);
            run.checkStopping();
        }
    }

    /** WARMUP, MEASURE and COOLDOWN: the traffic measurement enters each as it begins. */
    private void measure() throws RunFailure {
        TrafficSpec t = run.profile().traffic();
        if (ServicesMeasurement.wanted(run.profile())) {
            // no UDP traffic: measure for the profile's duration (services, HTTP load)
            new ServicesMeasurement(run, run::enter).run();
            run.checkStopping();
            return;
        }
        if (t == null) {
            for (RunPhase p : List.of(RunPhase.WARMUP, RunPhase.MEASURE, RunPhase.COOLDOWN)) {
                run.enter(p);
                run.info(null, "phase.empty", p.label() + ": the profile has no traffic");
            }
            return;
        }
        if (SweepRun.wanted(run.profile())) {
            // many measurements with the lab deployed once; the baseline side ran in PREPARE (XdpStage)
            try {
                run.measured(SweepRun.measureSide(run, XdpStage.wantsBaseline(run.profile()) ? Boolean.TRUE : null, run::enter));
            } finally {
                SweepRun.finish(run);
            }
        } else {
            TrafficMeasurement measurement = new TrafficMeasurement(run, t, run::enter);
            try {
                run.measured(measurement.run("traffic"));
            } catch (RunFailure f) {
                // every figure taken before the fault stays in summary.json, marked incomplete
                measurement.partial().ifPresent(run::measured);
                throw f;
            }
        }
        run.checkStopping();
    }

    private void collect() throws RunFailure {
        run.enter(RunPhase.COLLECT);
        setUpStages(RunPhase.COLLECT);
        TrafficSpec t = run.profile().traffic();
        if (run.measurement().isPresent()) {
            run.info(null, "collect", "final counters collected from " + t.source() + " and " + t.sink());
        }
        run.recorder().flushServiceLogs();
        run.checkStopping();
    }

    /** Undoes every stage in reverse, stops what traffic is left, then every agent. Never throws for a stage. */
    private void teardown() {
        run.stopNow();
        run.enter(RunPhase.TEARDOWN);
        for (int i = setUp.size() - 1; i >= 0; i--) {
            RunStage stage = setUp.get(i);
            try {
                stage.tearDown(run);
            } catch (RuntimeException e) {
                LOG.info("tear-down of {} failed", stage, e);
                run.warn(null, "teardown", stage.getClass().getSimpleName() + " could not tear down: " + e);
            }
        }
        TrafficSpec t = run.profile().traffic();
        if (t != null) {
            TrafficMeasurement.stopLeftovers(run, t, run.hosts().client(t.source()).orElse(null),
                    run.hosts().client(t.sink()).orElse(null));
        }
        run.hosts().stopAll();
        run.recorder().closeServiceLogs();
    }
}
