package dev.labdeck.agent;

import dev.labdeck.agent.http.AgentHttpServer;
import dev.labdeck.agent.http.BearerToken;
import dev.labdeck.agent.http.HttpStatusException;
import dev.labdeck.agent.http.OpenApiDocument;
import dev.labdeck.agent.http.Reply;
import dev.labdeck.agent.http.Route;
import dev.labdeck.agent.http.Router;
import dev.labdeck.agent.journal.ChangeJournal;
import dev.labdeck.agent.journal.LeftoverCleaner;
import dev.labdeck.protocol.AgentInfo;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.protocol.RunSession;
import dev.labdeck.protocol.MetricGroup;
import dev.labdeck.protocol.Sample;
import dev.labdeck.protocol.TrafficStart;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent: HTTP server, route registry, features, sampler, event publisher and dead-man switch
 * put together. {@link AgentMain} starts one per process; tests may start one in-process.
 */
public final class AgentServer {
    private static final Logger log = LoggerFactory.getLogger(AgentServer.class);
    /** Exit status when the dead-man switch stopped the agent (a shutdown request exits with 0). */
    public static final int EXIT_DEADMAN = 3;

    private final AgentOptions options;
    private final List<AgentFeature> features;
    private final Router router = new Router();
    private final AgentEvents events = new AgentEvents();
    private final SessionState session;
    private final DeadmanSwitch deadman;
    private final SampleTicker ticker;
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private final List<String> startWarnings;
    private ChangeJournal journal;
    private final IntConsumer exit;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final long startedAtMs = System.currentTimeMillis();
    private volatile HostFacts facts;
    private AgentHttpServer http;

    private AgentServer(AgentOptions options, List<AgentFeature> features, List<String> startWarnings, IntConsumer exit) {
        this.options = options;
        this.features = List.copyOf(features);
        this.startWarnings = new CopyOnWriteArrayList<>(startWarnings);
        this.exit = exit;
        this.session = new SessionState(options.runId(), options.heartbeatTimeoutMs());
        this.deadman = new DeadmanSwitch(options.heartbeatTimeoutMs(), this::deadmanFired);
        this.ticker = new SampleTicker(this.features, () -> session.current());
    }

    /**
     * Installs the features, listens, and arms the dead-man switch.
     *
     * @param exit called with the exit status once the agent has stopped everything (a process
     *             exits here; a test records it)
     */
    public static AgentServer start(AgentOptions options, String token, List<AgentFeature> features,
                                    List<String> startWarnings, IntConsumer exit) throws IOException {
        AgentServer agent = new AgentServer(options, features, startWarnings, exit);
        agent.openJournal();
        try {
            agent.listen(new BearerToken(token));
        } catch (IOException | RuntimeException e) {
            agent.journal.close(false);
            throw e;
        }
        return agent;
    }

    /**
     * Removes what dead agents left on this host (in this state directory and its siblings), then
     * starts this agent's own journal; what was removed becomes a warning of {@code /v1/info}, so
     * the controller shows it before PREFLIGHT measures anything.
     */
    private void openJournal() throws IOException {
        Path dir = options.stateDir().toAbsolutePath().normalize();
        LeftoverCleaner.Report previous = LeftoverCleaner.cleanPrevious(dir);
        journal = ChangeJournal.open(dir, options.runId());
        LeftoverCleaner.Report siblings = dir.getParent() == null ? new LeftoverCleaner.Report(List.of(), List.of())
                : LeftoverCleaner.cleanSiblings(dir.getParent(), dir);
        for (LeftoverCleaner.Report r : List.of(previous, siblings)) {
            r.removed().forEach(w -> startWarnings.add("removed what a dead agent left: " + w));
            r.left().forEach(w -> startWarnings.add("could not remove what a dead agent left: " + w));
        }
    }

    /** The journal of this agent's changes to the host. */
    public ChangeJournal journal() {
        return journal;
    }

    private void listen(BearerToken token) throws IOException {
        registerCoreRoutes();
        AgentContext context = new AgentContext(options, router, events, session, journal);
        for (AgentFeature f : features) f.install(context);
        http = new AgentHttpServer(new InetSocketAddress(options.bind(), options.port()), router, token,
                options.requestTimeoutS());
        // any request with the token shows the controller is alive, not only POST /v1/heartbeat:
        // on a loaded host the first heartbeat may come late, after the handshake's own requests
        http.onAuthorized(deadman::contact);
        http.start();
        deadman.beat(); // counted from listening, not from process start: a slow JVM start is not the controller's silence
        deadman.start();
        ticker.start();
        long sinceStart = ProcessHandle.current().info().startInstant()
                .map(t -> System.currentTimeMillis() - t.toEpochMilli()).orElse(-1L);
        log.info("agent {} listening on {} (run {}, dead-man switch {} ms), {} ms after process start", HostFacts.readAgentVersion(),
                http.address(), options.runId(), options.heartbeatTimeoutMs(), sinceStart);
    }

    /**
     * Once listening: loads what the first requests need (JSON mapping, host facts, OSHI) on a
     * background thread, so the controller's first calls do not pay for it and start-up does not either.
     */
    public void warmUpInBackground() {
        Thread.ofPlatform().daemon().name("warm-up").priority(Thread.MIN_PRIORITY).start(() -> {
            try {
                var mapper = ProtocolJson.mapper();
                mapper.readValue(mapper.writeValueAsBytes(info()), AgentInfo.class);
                mapper.readValue("{\"destination\":\"127.0.0.1\",\"flows\":[{\"id\":1,\"dst_port\":9}],\"pps\":1}",
                        TrafficStart.class);
                mapper.writeValueAsBytes(ticker.collect());
            } catch (IOException | RuntimeException e) {
                log.debug("warm-up: {}", e.toString());
            }
        });
    }

    public InetSocketAddress address() {
        return http.address();
    }

    public Router router() {
        return router;
    }

    public AgentEvents events() {
        return events;
    }

    private void registerCoreRoutes() {
        router.add(Route.get(Api.INFO).summary("What this agent and its host are and can do")
                .returns(AgentInfo.class).handle(r -> Reply.ok(info())));
        router.add(Route.get(Api.OPENAPI).summary("This document: every endpoint of the agent, as OpenAPI 3.1")
                .handle(r -> Reply.ok(OpenApiDocument.of(router.routes(), "LabDeck agent", HostFacts.readAgentVersion()))));
        router.add(Route.post(Api.SESSION).summary("Bind the agent to a run: sample interval and heartbeat timeout; re-arms the dead-man switch")
                .body(RunSession.class).returns(RunSession.class).handle(r -> Reply.ok(startSession(r.json(RunSession.class)))));
        router.add(Route.post(Api.HEARTBEAT).summary("The controller's heartbeat; re-arms the dead-man switch")
                .status(204).handle(r -> {
                    deadman.beat();
                    return Reply.noContent();
                }));
        router.add(Route.post(Api.SHUTDOWN).summary("Stop everything of the run (traffic, XDP, services) and exit")
                .status(202).handle(r -> new Reply.AndThen(new Reply.Empty(202),
                        () -> shutdownAsync("shutdown requested", 0))));
        router.add(Route.get(Api.EVENTS).summary("Server-sent events: 'sample' (a list of Sample) every sample interval and 'event' (an AgentEvent) as they happen")
                .eventStream().handle(r -> {
                    EventStream stream = new EventStream(events, ticker);
                    return new Reply.Stream("text/event-stream", out -> {
                        streams.add(stream);
                        try {
                            stream.writeTo(out);
                        } finally {
                            streams.remove(stream);
                        }
                    });
                }));
    }

    private RunSession startSession(RunSession requested) {
        if (requested.heartbeatTimeoutMs() < 0) throw HttpStatusException.badRequest("heartbeat_timeout_ms must not be negative");
        if (requested.sampleIntervalMs() < 0) throw HttpStatusException.badRequest("sample_interval_ms must not be negative");
        RunSession old = session.current();
        // zero means "keep": a controller that leaves a field out never disables the switch by accident
        RunSession effective = new RunSession(
                requested.runId() != null ? requested.runId() : old.runId(),
                requested.sampleIntervalMs() > 0 ? Math.max(10, requested.sampleIntervalMs()) : old.sampleIntervalMs(),
                requested.heartbeatTimeoutMs() > 0 ? requested.heartbeatTimeoutMs() : old.heartbeatTimeoutMs(),
                requested.metrics());
        session.set(effective);
        deadman.timeout(effective.heartbeatTimeoutMs());
        ticker.restart();
        for (AgentFeature f : features) {
            try {
                f.sessionStarted(effective);
            } catch (RuntimeException e) {
                log.warn("feature {} failed to start the session", f.name(), e);
            }
        }
        events.info("session", "bound to run " + effective.runId(), Map.of(
                "run_id", String.valueOf(effective.runId()),
                "sample_interval_ms", Long.toString(effective.sampleIntervalMs()),
                "heartbeat_timeout_ms", Long.toString(effective.heartbeatTimeoutMs()),
                "metrics", effective.metrics() == null || effective.metrics().isEmpty() ? "all"
                        : String.join(",", effective.metrics().stream().map(MetricGroup::json).toList())));
        return effective;
    }

    /** The agent's info, with every feature's capabilities. */
    public AgentInfo info() {
        HostFacts f = facts;
        if (f == null) facts = f = HostFacts.read();
        CapabilityReport report = new CapabilityReport();
        startWarnings.forEach(report::warning);
        for (AgentFeature feature : features) {
            try {
                feature.describe(report);
            } catch (RuntimeException e) {
                report.unavailable(feature.name(), "failed to describe itself: " + e.getMessage());
            }
        }
        return new AgentInfo(f.agentVersion(), Api.VERSION, f.hostname(), f.os(), f.osVersion(), f.kernel(), f.arch(),
                f.cpus(), f.javaVersion(), ProcessHandle.current().pid(), startedAtMs,
                report.capabilities(), report.unavailable(), report.warnings());
    }

    /** Every feature's samples, now (what one tick of the event stream carries). */
    public List<Sample> sampleNow() {
        return ticker.collect();
    }

    /** Stops everything of the run, newest feature first; the agent keeps serving. */
    public void stopRun(String reason) {
        List<AgentFeature> reversed = new ArrayList<>(features);
        Collections.reverse(reversed);
        for (AgentFeature f : reversed) {
            try {
                f.stopAll(reason);
            } catch (RuntimeException e) {
                log.error("feature {} failed to stop: {}", f.name(), e.toString(), e);
            }
        }
    }

    private void deadmanFired() {
        long timeout = deadman.timeoutMs();
        events.warn("deadman", "no heartbeat for " + timeout + " ms: stopping traffic, XDP and services, then exiting",
                Map.of("timeout_ms", Long.toString(timeout)));
        shutdownAsync("dead-man switch: no heartbeat for " + timeout + " ms", EXIT_DEADMAN);
    }

    private void shutdownAsync(String reason, int status) {
        // not a daemon (the dead-man thread is one): the JVM must not end before the exit status is set
        Thread.ofPlatform().name("agent-shutdown").daemon(false).start(() -> shutdown(reason, status));
    }

    /** Stops the run, ends event streams, closes the server and calls the exit hook, once. */
    public void shutdown(String reason, int status) {
        if (!stopping.compareAndSet(false, true)) return;
        log.info("shutting down: {}", reason);
        stopRun(reason);
        events.info("agent.exit", "agent exits: " + reason, Map.of("status", Integer.toString(status)));
        // give subscribers the last events before the connections close
        streams.forEach(EventStream::end);
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (!streams.isEmpty() && System.nanoTime() < deadline) LockSupport.parkNanos(5_000_000);
        ticker.stop();
        deadman.stop();
        http.close();
        removePidFile();
        endJournal(status == EXIT_DEADMAN);
        exit.accept(status);
    }

    /** For a JVM shutdown hook (SIGTERM, Ctrl-C): stop the run and clean up, the JVM is exiting anyway. */
    public void stopOnSignal() {
        if (!stopping.compareAndSet(false, true)) return;
        log.info("terminated by a signal: stopping the run");
        stopRun("agent terminated by signal");
        removePidFile();
        endJournal(false);
    }

    /**
     * The token goes in any case; with {@code removeAll} (the dead-man switch: the controller is
     * gone and nobody will collect logs) the whole runtime directory goes too. Otherwise the
     * controller copies the logs it keeps and removes the directory.
     */
    private void endJournal(boolean removeAll) {
        try {
            Files.deleteIfExists(options.tokenFile());
        } catch (IOException e) {
            log.warn("cannot remove the token file {}: {}", options.tokenFile(), e.toString());
        }
        if (!journal.open().keySet().equals(Set.of("runtime-directory"))) {
            log.warn("changes not undone at exit: {}", journal.open());
        }
        if (removeAll) log.info("removing the runtime directory {}", journal.directory());
        journal.close(removeAll);
    }

    /** True once a shutdown began (a JVM shutdown hook then has nothing left to do). */
    public boolean stopping() {
        return stopping.get();
    }

    void writePidFile() {
        try {
            Files.createDirectories(options.stateDir());
            Files.writeString(pidFile(), ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            log.warn("cannot write pid file {}: {}", pidFile(), e.toString());
        }
    }

    private void removePidFile() {
        try {
            Path p = pidFile();
            if (Files.exists(p) && Files.readString(p).trim().equals(Long.toString(ProcessHandle.current().pid()))) {
                Files.delete(p);
            }
        } catch (IOException e) {
            log.debug("cannot remove pid file: {}", e.toString());
        }
    }

    private Path pidFile() {
        return options.stateDir().resolve("agent.pid");
    }
}
