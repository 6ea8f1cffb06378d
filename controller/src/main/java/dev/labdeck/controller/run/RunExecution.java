package dev.labdeck.controller.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.agent.AgentClient;
import dev.labdeck.controller.agent.AgentException;
import dev.labdeck.controller.agent.HttpAgentClient;
import dev.labdeck.controller.lab.LabException;
import dev.labdeck.controller.lab.LabResolver;
import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileWriter;
import dev.labdeck.controller.profile.TrafficSpec;
import dev.labdeck.controller.results.CpuSummary;
import dev.labdeck.controller.results.EventLine;
import dev.labdeck.controller.results.EventLog;
import dev.labdeck.controller.results.HostSummary;
import dev.labdeck.controller.results.HtmlReport;
import dev.labdeck.controller.results.JunitReport;
import dev.labdeck.controller.results.MetricsCsv;
import dev.labdeck.controller.results.RunDirectory;
import dev.labdeck.controller.results.RunError;
import dev.labdeck.controller.results.RunStatus;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.SummaryJson;
import dev.labdeck.controller.results.ThresholdEvaluator;
import dev.labdeck.controller.results.ThresholdResult;
import dev.labdeck.controller.results.TrafficSummary;
import dev.labdeck.controller.transport.AgentEndpoint;
import dev.labdeck.controller.transport.AgentLaunch;
import dev.labdeck.controller.transport.LeftoverReport;
import dev.labdeck.controller.transport.TransportException;
import dev.labdeck.controller.transport.Transports;
import dev.labdeck.protocol.AgentEvent;
import dev.labdeck.protocol.AgentInfo;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.Capability;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.protocol.RunSession;
import dev.labdeck.protocol.Sample;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of a profile: the state machine of {@link RunEngine}, and the {@link RunContext} its stages see. */
final class RunExecution implements RunContext {
    private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);
    static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(1);
    /** Missed heartbeats in a row after which the agent counts as lost. */
    static final int HEARTBEAT_MISSES = 3;
    static final Duration AGENT_START_TIMEOUT = Duration.ofSeconds(60);

    private final Profile profile;
    /** Why the profile's {@code lab:} references could not be resolved; PLAN fails with it. */
    private final String labProblem;
    private final RunOptions options;
    private final RunListener listener;
    private final Path dir;
    private final String runId;
    private final Instant started = Instant.now();
    private final EventLog events;
    private final MetricsCsv metrics;
    private final ExecutorService dispatcher;
    private final CompletableFuture<RunSummary> done = new CompletableFuture<>();
    private final RunHandle handle;
    private final Map<String, HostSession> hosts = new LinkedHashMap<>();
    private final List<RunStage> stages;
    private final List<RunStage> setUp = new ArrayList<>();
    private final Map<String, JsonNode> sections = new ConcurrentHashMap<>();
    private final Map<String, Writer> serviceLogs = new ConcurrentHashMap<>();
    private final Set<String> metricsTrouble = ConcurrentHashMap.newKeySet();

    private volatile RunPhase phase = RunPhase.PLAN;
    private volatile boolean stopping;
    private volatile boolean aborted;
    private volatile RunFailure lost;
    private volatile boolean heartbeatsOn = true;
    private TrafficMeasurement.Result measured;

    RunExecution(Profile given, RunOptions options, RunListener listener,
                 java.util.function.Function<Profile, List<RunStage>> stagesFor) throws IOException {
        // lab:src, lab:dst.data, key: lab: become the lab-in-a-box's real addresses and key here,
        // so the run directory's profile.yaml and every phase see what was really used
        Profile resolved = given;
        String problem = null;
        try {
            resolved = LabResolver.resolve(given);
        } catch (LabException e) {
            problem = e.getMessage();
        }
        this.profile = resolved;
        this.labProblem = problem;
        Profile profile = resolved;
        this.options = options;
        this.listener = listener;
        if (options.outputDirectory() != null) {
            dir = RunDirectory.useExplicit(options.outputDirectory().toAbsolutePath());
        } else {
            Path root = options.runsRoot() != null ? options.runsRoot()
                    : Path.of(profile.results() != null && profile.results().directory() != null
                            ? profile.results().directory() : "runs");
            dir = RunDirectory.create(root.toAbsolutePath(), profile.name(), started);
        }
        runId = dir.getFileName().toString();
        events = new EventLog(dir);
        metrics = new MetricsCsv(dir);
        dispatcher = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("labdeck-run-listener").factory());
        for (HostSpec h : profile.hosts()) {
            hosts.put(h.name(), new HostSession(h));
        }
        // stages see the resolved profile: real addresses, not lab: references
        this.stages = List.copyOf(stagesFor.apply(profile));
        handle = new RunHandle(runId, dir, this::abort, done);
    }

    RunHandle handle() {
        return handle;
    }

    // ---- RunContext ------------------------------------------------------------------------

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
        HostSession s = hosts.get(host);
        if (s == null || s.client == null) {
            throw new IllegalArgumentException("no agent on host '" + host + "' in this run");
        }
        return s.client;
    }

    @Override
    public void event(String level, String host, String kind, String message, Map<String, String> data) {
        record(new RunEvent(Instant.now(), level, phase, host, kind, message, data == null ? Map.of() : data), true);
    }

    @Override
    public boolean stopping() {
        return stopping;
    }

    /** A stage's watcher failed the run (e.g. a crash_fails_run service exited): like a lost agent, the first wins. */
    @Override
    public synchronized void fail(RunFailure failure) {
        if (lost == null && !done.isDone()) {
            lost = failure;
            stopping = true;
        }
    }

    @Override
    public void summarySection(String name, Object value) {
        sections.put(name, ProtocolJson.mapper().valueToTree(value));
    }

    @Override
    public RunPhase phase() {
        return phase;
    }

    @Override
    public java.util.Optional<TrafficMeasurement.Result> measurement() {
        return java.util.Optional.ofNullable(measured);
    }

    // ---- the state machine ------------------------------------------------------------------

    void execute() {
        RunFailure failure = null;
        try {
            plan();
            preflight();
            if (options.preflightOnly()) {
                info(null, "preflight.only", "preflight only: every host is ready; nothing was changed");
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
            LOG.info("run {} failed unexpectedly in {}", runId, phase, e);
            failure = new RunFailure(null, step(phase), "internal error: " + e, e);
        }
        failure = rootCause(failure);
        if (failure != null) {
            // the trace goes to the log file only; people get the message (host, step, reason)
            LOG.info("run {} failed: {}", runId, failure.getMessage(), failure.getCause());
            event("error", failure.host(), "error", failure.getMessage(), Map.of("step", failure.step()));
            HostSession s = failure.host() == null ? null : hosts.get(failure.host());
            if (s != null) {
                hostState(s, HostState.ERROR, failure.reason());
            }
        }
        RunSummary summary;
        try {
            teardown();
            summary = report(failure);
        } catch (RuntimeException | Error e) {
            LOG.info("run {}: teardown or report failed", runId, e);
            summary = fallbackSummary(failure, e);
        }
        finish(summary);
    }

    /** An abort or a lost agent explains the failure it caused better than the failure itself. */
    private RunFailure rootCause(RunFailure failure) {
        if (lost != null) {
            return lost;
        }
        if (aborted) {
            return new RunFailure(null, step(phase), "aborted by the user");
        }
        return failure;
    }

    private void plan() throws RunFailure {
        enter(RunPhase.PLAN);
        writeProfile();
        if (labProblem != null) {
            throw new RunFailure(null, "plan", labProblem);
        }
        List<String> parts = new ArrayList<>();
        for (HostSession s : hosts.values()) {
            HostSpec h = s.spec;
            parts.add(h.name() + " (" + (h.transport() == HostSpec.Transport.LOCAL ? "local"
                    : "ssh " + (h.user() == null ? "" : h.user() + "@") + h.address() + ":" + h.sshPort()) + ")");
            hostState(s, HostState.PENDING, null);
        }
        info(null, "plan", "run " + runId + " of profile " + profile.name() + " on " + hosts.size() + " host(s): "
                + String.join(", ", parts));
        if (hosts.isEmpty()) {
            throw new RunFailure(null, "plan", "the profile names no hosts");
        }
        TrafficSpec t = profile.traffic();
        if (t != null) {
            for (String role : List.of(t.source(), t.sink())) {
                if (!hosts.containsKey(role)) {
                    throw new RunFailure(null, "plan", "the traffic names host '" + role + "', which the profile does not define");
                }
            }
            info(null, "plan", String.format(Locale.ROOT, "traffic: %s → %s (%s), %d flow(s), %,d pps, %d-byte payloads, %.1f s",
                    t.source(), t.sink(), TrafficMeasurement.destination(profile, t), TrafficMeasurement.flows(t).size(),
                    t.pps(), t.packetSize(), t.duration().toMillis() / 1000.0));
        }
        checkStopping();
    }

    private void preflight() throws RunFailure {
        enter(RunPhase.PREFLIGHT);
        List<String> problems = new ArrayList<>();
        String onlyHost = null;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<HostSession, Future<String>> started = new LinkedHashMap<>();
            for (HostSession s : hosts.values()) {
                started.put(s, pool.submit(() -> reach(s)));
            }
            for (Map.Entry<HostSession, Future<String>> e : started.entrySet()) {
                String problem;
                try {
                    problem = e.getValue().get();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new RunFailure(null, "preflight", "interrupted");
                } catch (java.util.concurrent.ExecutionException ee) {
                    LOG.info("preflight of {} failed", e.getKey().name(), ee.getCause());
                    problem = e.getKey().name() + ": " + ee.getCause();
                }
                if (problem != null) {
                    problems.add(problem);
                    onlyHost = e.getKey().name();
                    hostState(e.getKey(), HostState.ERROR, problem);
                }
            }
        }
        for (HostSession s : hosts.values()) {
            if (s.info != null) {
                for (String p : capabilityProblems(s)) {
                    problems.add(s.name() + ": " + p);
                    onlyHost = s.name();
                    hostState(s, HostState.ERROR, p);
                }
            }
        }
        if (problems.size() == 1) {
            String p = problems.getFirst();
            throw new RunFailure(onlyHost, "preflight", TrafficMeasurement.stripHost(onlyHost, p));
        }
        if (!problems.isEmpty()) {
            throw new RunFailure(null, "preflight", problems.size() + " problems: " + String.join("; ", problems));
        }
        checkStopping();
    }

    /** Opens the host's transport, starts its agent and asks what it can do; returns a problem or null. */
    private String reach(HostSession s) {
        HostSpec h = s.spec;
        hostState(s, HostState.DEPLOYING, h.transport() == HostSpec.Transport.LOCAL ? "starting agent" : "connecting over SSH");
        try {
            s.transport = Transports.open(h, profile.agent(), options.transport());
            s.transport.keepAgentLogsIn(runDirectory().resolve("agents"));
            s.transport.acceptedHostKey().ifPresent(m -> warn(h.name(), "host_key.accepted", m));
            AgentEndpoint endpoint = s.transport.startAgent(new AgentLaunch(runId, profile.agent().bind(),
                    profile.agent().port(), profile.agent().heartbeatTimeout(), AGENT_START_TIMEOUT));
            s.client = new HttpAgentClient(endpoint);
            startHeartbeat(s);
            AgentInfo info = s.client.info();
            s.info = info;
            event("info", h.name(), "agent.version", String.format(Locale.ROOT,
                    "agent %s (protocol %d, pid %d) on %s, %s %s, kernel %s, %d CPUs", info.agentVersion(),
                    info.protocolVersion(), info.pid(), info.hostname(), info.os(),
                    info.osVersion() == null ? "" : info.osVersion(), info.kernel(), info.cpus()),
                    Map.of("version", String.valueOf(info.agentVersion()), "pid", Long.toString(info.pid())));
            if (info.warnings() != null) {
                for (String w : info.warnings()) {
                    warn(h.name(), "agent.warning", w);
                }
            }
            return null;
        } catch (TransportException | AgentException e) {
            LOG.debug("{}: cannot reach the agent", h.name(), e);
            return e.getMessage();
        }
    }

    private List<String> capabilityProblems(HostSession s) {
        return capabilityProblems(profile, s.spec, s.info);
    }

    /** What {@code host} must offer for the roles the profile gives it, and what its agent lacks. */
    static List<String> capabilityProblems(Profile profile, HostSpec host, AgentInfo info) {
        List<String> problems = new ArrayList<>();
        String name = host.name();
        if (info.protocolVersion() != Api.VERSION) {
            problems.add("the agent speaks protocol " + info.protocolVersion() + ", this controller " + Api.VERSION
                    + "; rebuild LabDeck so both come from the same version");
        }
        Set<String> needed = new LinkedHashSet<>();
        TrafficSpec t = profile.traffic();
        if (t != null && name.equals(t.source())) needed.add(Capability.TRAFFIC_SOURCE);
        if (t != null && name.equals(t.sink())) needed.add(Capability.TRAFFIC_SINK);
        if (profile.xdp() != null && profile.xdp().stream().anyMatch(x -> name.equals(x.host()))) needed.add(Capability.XDP);
        if (host.services() != null && !host.services().isEmpty()) needed.add(Capability.SERVICES);
        List<String> have = info.capabilities() == null ? List.of() : info.capabilities();
        for (String cap : needed) {
            if (!have.contains(cap)) {
                String why = info.unavailable() == null ? null : info.unavailable().stream()
                        .filter(u -> u.startsWith(cap + ":") || u.startsWith(cap + " ")).findFirst().orElse(null);
                problems.add(why != null ? "needs " + cap + " but it is unavailable (" + why + ")"
                        : "needs " + cap + " but the agent does not offer it");
            }
        }
        return problems;
    }

    private void deploy() throws RunFailure {
        enter(RunPhase.DEPLOY);
        long sampleMs = profile.monitoring() != null && profile.monitoring().sampleInterval() != null
                ? Math.max(100, profile.monitoring().sampleInterval().toMillis()) : 1000;
        RunSession session = new RunSession(runId, sampleMs, profile.agent().heartbeatTimeout().toMillis());
        for (HostSession s : hosts.values()) {
            try {
                s.client.startSession(session);
                s.client.subscribe(samples -> onSamples(s.name(), samples), ev -> onAgentEvent(s.name(), ev));
            } catch (AgentException e) {
                throw new RunFailure(s.name(), "deploy", TrafficMeasurement.stripHost(s.name(), e.getMessage()), e);
            }
            hostState(s, HostState.READY, "agent " + s.info.agentVersion());
            info(s.name(), "host.ready", "agent bound to the run; samples every " + sampleMs + " ms, dead-man switch "
                    + profile.agent().heartbeatTimeout().toSeconds() + " s");
        }
        checkStopping();
    }

    private void stages(RunPhase p) throws RunFailure {
        enter(p);
        setUpStages(p);
    }

    private void setUpStages(RunPhase p) throws RunFailure {
        List<RunStage> mine = stages.stream().filter(s -> s.phase() == p).toList();
        if (mine.isEmpty() && (p == RunPhase.PREPARE || p == RunPhase.START_SERVICES)) {
            boolean wanted = p == RunPhase.PREPARE ? profile.xdp() != null && !profile.xdp().isEmpty()
                    : profile.hosts().stream().anyMatch(h -> h.services() != null && !h.services().isEmpty());
            if (wanted) {
                warn(null, "not.built", p == RunPhase.PREPARE
                        ? "PREPARE: attaching XDP is not built yet; the profile's xdp entries are ignored"
                        : "START SERVICES: starting services is not built yet; the profile's services are not started");
            } else {
                info(null, "phase.empty", p.label() + ": nothing to do for this profile");
            }
        }
        for (RunStage stage : mine) {
            setUp.add(stage); // torn down even when its set-up fails half-way
            stage.setUp(this);
            checkStopping();
        }
    }

    private void measure() throws RunFailure {
        TrafficSpec t = profile.traffic();
        if (t == null) {
            for (RunPhase p : List.of(RunPhase.WARMUP, RunPhase.MEASURE, RunPhase.COOLDOWN)) {
                enter(p);
                info(null, "phase.empty", p.label() + ": the profile has no traffic");
            }
            return;
        }
        measured = new TrafficMeasurement(this, t, this::enter).run("traffic");
        checkStopping();
    }

    private void collect() throws RunFailure {
        enter(RunPhase.COLLECT);
        setUpStages(RunPhase.COLLECT);
        if (measured != null) {
            info(null, "collect", "final counters collected from " + profile.traffic().source() + " and "
                    + profile.traffic().sink());
        }
        for (Map.Entry<String, Writer> e : serviceLogs.entrySet()) {
            try {
                e.getValue().flush();
            } catch (IOException ex) {
                LOG.debug("service log {}: {}", e.getKey(), ex.getMessage());
            }
        }
        checkStopping();
    }

    private void teardown() {
        stopping = true;
        enter(RunPhase.TEARDOWN);
        for (int i = setUp.size() - 1; i >= 0; i--) {
            RunStage stage = setUp.get(i);
            try {
                stage.tearDown(this);
            } catch (RuntimeException e) {
                LOG.info("tear-down of {} failed", stage, e);
                warn(null, "teardown", stage.getClass().getSimpleName() + " could not tear down: " + e);
            }
        }
        stopTraffic();
        heartbeatsOn = false;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (HostSession s : hosts.values()) {
                pool.submit(() -> stopHost(s));
            }
        }
        for (Writer w : serviceLogs.values()) {
            try {
                w.close();
            } catch (IOException e) {
                LOG.debug("closing a service log: {}", e.getMessage());
            }
        }
    }

    /** The measurement stops its own traffic; this catches what an abort or a failing stage left running. */
    private void stopTraffic() {
        TrafficSpec t = profile.traffic();
        if (t == null) {
            return;
        }
        HostSession src = hosts.get(t.source());
        HostSession sink = hosts.get(t.sink());
        if (src != null && src.client != null) {
            try {
                if ("running".equals(src.client.trafficStatus().state())) {
                    src.client.stopTraffic();
                    info(t.source(), "traffic.stopped", "traffic source stopped");
                }
            } catch (AgentException | RuntimeException e) {
                LOG.debug("{}: stopping traffic: {}", t.source(), e.getMessage());
            }
        }
        if (sink != null && sink.client != null) {
            try {
                if ("running".equals(sink.client.sinkStatus().state())) {
                    sink.client.stopSink();
                    info(t.sink(), "sink.stopped", "sink stopped");
                }
            } catch (AgentException | RuntimeException e) {
                LOG.debug("{}: stopping sink: {}", t.sink(), e.getMessage());
            }
        }
    }

    private void stopHost(HostSession s) {
        Thread hb = s.heartbeat;
        if (hb != null) {
            hb.interrupt();
        }
        if (s.client != null) {
            s.client.close();
        }
        if (s.transport != null) {
            try {
                s.transport.stopAgent();
                LeftoverReport left = s.transport.lastLeftovers();
                left.removed().forEach(r -> warn(s.name(), "cleanup.removed", "removed what the agent left: " + r));
                left.left().forEach(r -> warn(s.name(), "cleanup.left", "could not remove what the agent left: " + r));
            } catch (RuntimeException e) {
                warn(s.name(), "agent.stop", "could not stop the agent: " + e.getMessage());
            }
            try {
                s.transport.close();
            } catch (RuntimeException e) {
                LOG.debug("{}: closing transport: {}", s.name(), e.getMessage());
            }
            info(s.name(), "agent.stopped", "agent stopped, transport closed");
        }
        if (s.state != HostState.ERROR) {
            hostState(s, HostState.STOPPED, null);
        }
    }

    private RunSummary report(RunFailure failure) {
        enter(RunPhase.REPORT);
        Map<String, HostSummary> hostSummaries = new LinkedHashMap<>();
        for (HostSession s : hosts.values()) {
            AgentInfo i = s.info;
            if (i != null) {
                hostSummaries.put(s.name(), new HostSummary(i.agentVersion(), i.protocolVersion(), i.hostname(),
                        (i.os() + " " + (i.osVersion() == null ? "" : i.osVersion())).trim(), i.kernel(), i.cpus(),
                        s.spec.transport().name().toLowerCase(Locale.ROOT)));
            }
        }
        TrafficSummary traffic = measured == null ? null : measured.traffic();
        CpuSummary cpu = null;
        if (measured != null) {
            try {
                String sink = profile.traffic().sink();
                cpu = CpuSummary.measure(dir, sink, measured.measureStartMs(), measured.measureEndMs());
                if (cpu == null) {
                    // samples carry the host's clock; when it is far off ours, the window misses them
                    cpu = CpuSummary.measure(dir, sink, 0, Long.MAX_VALUE);
                    if (cpu != null) {
                        warn(sink, "cpu", "no CPU samples inside the measurement window (is " + sink
                                + "'s clock off?); dst_cpu is the mean over the whole run");
                    }
                }
            } catch (IOException e) {
                LOG.warn("cannot read metrics.csv for the CPU summary: {}", e.getMessage());
            }
        }
        RunError error = failure == null ? null : new RunError(failure.host(), failure.step(), failure.reason());
        RunSummary summary = new RunSummary(RunStatus.ERROR, profile.name(), runId, started.toString(),
                Instant.now().toString(), dir.toString(), hostSummaries, traffic, List.of(), cpu, error, sections);
        List<ThresholdResult> thresholds = List.of();
        RunStatus status = RunStatus.ERROR;
        if (failure == null) {
            thresholds = ThresholdEvaluator.evaluate(profile.thresholds(), SummaryJson.toTree(summary));
            status = thresholds.stream().allMatch(ThresholdResult::passed) ? RunStatus.PASSED : RunStatus.FAILED;
            for (ThresholdResult r : thresholds) {
                event(r.passed() ? "info" : "warn", null, "threshold", r.message(), Map.of("passed", Boolean.toString(r.passed())));
            }
        }
        summary = new RunSummary(status, summary.profile(), runId, summary.started(), summary.ended(), summary.runDirectory(),
                hostSummaries, traffic, thresholds, cpu, error, sections);
        try {
            SummaryJson.write(summary, dir);
        } catch (IOException e) {
            LOG.error("cannot write summary.json", e);
        }
        try {
            JunitReport.write(summary, dir);
        } catch (IOException e) {
            LOG.error("cannot write junit.xml", e);
        }
        info(null, "report", "run " + status.json() + "; results in " + dir);
        try {
            HtmlReport.write(summary, dir);
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot write report.html", e);
        }
        return summary;
    }

    private RunSummary fallbackSummary(RunFailure failure, Throwable e) {
        RunError error = failure != null ? new RunError(failure.host(), failure.step(), failure.reason())
                : new RunError(null, step(phase), "internal error: " + e);
        RunSummary s = new RunSummary(RunStatus.ERROR, profile.name(), runId, started.toString(), Instant.now().toString(),
                dir.toString(), Map.of(), measured == null ? null : measured.traffic(), List.of(), null, error, sections);
        try {
            SummaryJson.write(s, dir);
        } catch (IOException | RuntimeException ex) {
            LOG.error("cannot write summary.json", ex);
        }
        return s;
    }

    private void finish(RunSummary summary) {
        dispatch(() -> listener.finished(summary));
        dispatcher.shutdown();
        try {
            if (!dispatcher.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("run listener still busy 10 s after the run ended");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
        metrics.close();
        done.complete(summary);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private void abort() {
        if (!done.isDone() && !stopping) {
            aborted = true;
            stopping = true;
            LOG.info("run {}: abort requested in {}", runId, phase);
        }
    }

    private void checkStopping() throws RunFailure {
        RunFailure l = lost;
        if (l != null) {
            throw l;
        }
        if (aborted) {
            throw new RunFailure(null, step(phase), "aborted by the user");
        }
    }

    private void enter(RunPhase p) {
        phase = p;
        record(new RunEvent(Instant.now(), "info", p, null, "phase", p.label(), Map.of()), true);
        dispatch(() -> listener.phase(p));
    }

    private void hostState(HostSession s, HostState state, String detail) {
        s.state = state;
        dispatch(() -> listener.hostState(s.name(), state, detail));
    }

    private void startHeartbeat(HostSession s) {
        AgentClient client = s.client;
        s.heartbeat = Thread.ofVirtual().name("labdeck-heartbeat-" + s.name()).start(() -> {
            int misses = 0;
            // the first beat goes at once: the agent's switch has been counting since it started listening
            while (heartbeatsOn) {
                try {
                    client.heartbeat();
                    misses = 0;
                } catch (AgentException e) {
                    misses++;
                    LOG.debug("{}: heartbeat missed ({}): {}", s.name(), misses, e.getMessage());
                    if (misses == HEARTBEAT_MISSES && !stopping) {
                        agentLost(s, e);
                    }
                }
                try {
                    Thread.sleep(HEARTBEAT_EVERY);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private synchronized void agentLost(HostSession s, AgentException e) {
        if (lost == null) {
            lost = new RunFailure(s.name(), "heartbeat", "the agent stopped answering ("
                    + TrafficMeasurement.stripHost(s.name(), e.getMessage()) + ")", e);
            stopping = true;
            hostState(s, HostState.ERROR, lost.reason());
        }
    }

    private void onSamples(String host, List<Sample> samples) {
        try {
            metrics.append(host, samples);
        } catch (IOException e) {
            if (metricsTrouble.add(host)) {
                LOG.error("cannot write metrics.csv for {}: {}", host, e.getMessage());
            }
        }
        dispatch(() -> listener.samples(host, samples));
    }

    private void onAgentEvent(String host, AgentEvent ev) {
        Map<String, String> data = ev.data() == null ? Map.of() : ev.data();
        Instant at = ev.timeMs() > 0 ? Instant.ofEpochMilli(ev.timeMs()) : Instant.now();
        RunEvent e = new RunEvent(at, ev.level() == null ? "info" : ev.level(), phase, host, ev.kind(), ev.message(), data);
        if ("service.log".equals(ev.kind())) {
            // log lines go to the service's own log file, not the run's event log
            String line = data.getOrDefault("line", ev.message());
            if (data.containsKey("suppressed")) {
                // the agent rate-limits streamed lines; the complete log stays on the host
                line = "[" + data.get("suppressed") + " lines not streamed; the full log is on " + host + "]\n" + line;
            }
            appendServiceLog(host, data.getOrDefault("service", data.getOrDefault("name", "service")), line);
            record(e, false);
        } else {
            record(e, true);
        }
    }

    private void appendServiceLog(String host, String service, String line) {
        String key = RunDirectory.slug(host) + "-" + RunDirectory.slug(service);
        try {
            Writer w = serviceLogs.computeIfAbsent(key, k -> {
                try {
                    Path d = Files.createDirectories(dir.resolve(RunDirectory.SERVICES));
                    return Files.newBufferedWriter(d.resolve(k + ".log"), StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            });
            synchronized (w) {
                w.write(line == null ? "" : line);
                w.write('\n');
            }
        } catch (IOException | java.io.UncheckedIOException ex) {
            LOG.debug("service log {}: {}", key, ex.getMessage());
        }
    }

    private void record(RunEvent e, boolean toFile) {
        if (toFile) {
            try {
                events.append(new EventLine(e.time().toString(), e.level(), e.phase() == null ? null : e.phase().label(),
                        e.host(), e.kind(), e.message(), e.data()));
            } catch (IOException ex) {
                LOG.error("cannot write events.jsonl: {}", ex.getMessage());
            }
            // INFO whatever the level: the terminal and the GUI show warnings themselves, the log keeps all
            LOG.info("[{}] {} {}{}", runId, e.level(), e.host() == null ? "" : e.host() + ": ", e.message());
        }
        dispatch(() -> listener.event(e));
    }

    private void dispatch(Runnable call) {
        try {
            dispatcher.execute(() -> {
                try {
                    call.run();
                } catch (RuntimeException ex) {
                    LOG.warn("run listener failed", ex);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException late) {
            // an agent event that arrives after the run finished has no one left to tell
        }
    }

    private void writeProfile() {
        Path target = dir.resolve(RunDirectory.PROFILE);
        try {
            // the resolved profile (defaults filled in, seed form translated): what this run really used
            Files.writeString(target, "# resolved profile of run " + runId
                    + (profile.source() == null ? "" : ", read from " + profile.source()) + "\n" + ProfileWriter.toYaml(profile));
        } catch (IOException | RuntimeException e) {
            LOG.info("cannot write the resolved profile", e);
            try {
                if (profile.source() != null && Files.isRegularFile(profile.source())) {
                    Files.copy(profile.source(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException copy) {
                warn(null, "profile", "could not keep the profile in the run directory: " + copy.getMessage());
            }
        }
    }

    private static String step(RunPhase p) {
        return p.label().toLowerCase(Locale.ROOT);
    }
}
