package dev.labdeck.controller.engine;

import dev.labdeck.controller.agent.AgentClient;
import dev.labdeck.controller.agent.AgentException;
import dev.labdeck.controller.agent.HttpAgentClient;
import dev.labdeck.controller.profile.AgentSettings;
import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.run.HostState;
import dev.labdeck.controller.run.RunFailure;
import dev.labdeck.controller.transport.AgentEndpoint;
import dev.labdeck.controller.transport.AgentLaunch;
import dev.labdeck.controller.transport.LeftoverReport;
import dev.labdeck.controller.transport.TransportException;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.controller.transport.Transports;
import dev.labdeck.protocol.AgentInfo;
import dev.labdeck.protocol.EventLevel;
import dev.labdeck.protocol.MetricGroup;
import dev.labdeck.protocol.RunSession;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every host of the run and its agent: reaching it (transport, agent start, what it can do) in
 * PREFLIGHT, binding it to the run in DEPLOY, its heartbeat from the moment it is up, and stopping
 * it at TEARDOWN. A host whose agent answers no heartbeat for the profile's heartbeat timeout fails the run.
 */
final class HostSessions {
    private static final Logger LOG = LoggerFactory.getLogger(HostSessions.class);
    static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(1);
    static final Duration AGENT_START_TIMEOUT = Duration.ofSeconds(60);

    private final EngineContext run;
    private final TransportOptions transport;
    private final Map<String, HostSession> hosts = new LinkedHashMap<>();
    private volatile boolean heartbeatsOn = true;

    HostSessions(EngineContext run, TransportOptions transport) {
        this.run = run;
        this.transport = transport;
        for (HostSpec h : run.profile().hosts()) {
            hosts.put(h.name(), new HostSession(h));
        }
    }

    Collection<HostSession> all() {
        return hosts.values();
    }

    Optional<HostSession> get(String host) {
        return Optional.ofNullable(host == null ? null : hosts.get(host));
    }

    /** The agent on {@code host}, once PREFLIGHT started it. */
    Optional<AgentClient> client(String host) {
        return get(host).map(s -> s.client);
    }

    boolean isEmpty() {
        return hosts.isEmpty();
    }

    int size() {
        return hosts.size();
    }

    boolean has(String host) {
        return hosts.containsKey(host);
    }

    /** Sets a host's state and tells the listener. */
    void state(HostSession s, HostState state, String detail) {
        s.state = state;
        run.recorder().hostState(s.name(), state, detail);
    }

    /**
     * PREFLIGHT: opens the host's transport, starts its agent, starts its heartbeat and asks what
     * the host is; the answer is kept in {@link HostSession#info}.
     *
     * @return why the host cannot be reached, or empty
     */
    Optional<String> reach(HostSession s) {
        HostSpec h = s.spec;
        AgentSettings agent = run.profile().agent();
        state(s, HostState.DEPLOYING, h.transport() == HostSpec.Transport.LOCAL ? "starting agent" : "connecting over SSH");
        try {
            s.transport = Transports.open(h, agent, transport);
            s.transport.keepAgentLogsIn(run.runDirectory().resolve("agents"));
            s.transport.acceptedHostKey().ifPresent(m -> run.warn(h.name(), "host_key.accepted", m));
            AgentEndpoint endpoint = s.transport.startAgent(new AgentLaunch(run.runId(), agent.bind(),
                    agent.port(), agent.heartbeatTimeout(), AGENT_START_TIMEOUT));
            s.client = new HttpAgentClient(endpoint.host(), endpoint.baseUri(), endpoint.token());
            startHeartbeat(s);
            AgentInfo info = s.client.info();
            s.info = info;
            run.event(EventLevel.INFO, h.name(), "agent.version", String.format(Locale.ROOT,
                    "agent %s (protocol %d, pid %d) on %s, %s %s, kernel %s, %d CPUs", info.agentVersion(),
                    info.protocolVersion(), info.pid(), info.hostname(), info.os(),
                    info.osVersion() == null ? "" : info.osVersion(), info.kernel(), info.cpus()),
                    Map.of("version", String.valueOf(info.agentVersion()), "pid", Long.toString(info.pid())));
            if (info.warnings() != null) {
                for (String w : info.warnings()) {
                    run.warn(h.name(), "agent.warning", w);
                }
            }
            return Optional.empty();
        } catch (TransportException e) {
            LOG.debug("{}: cannot reach the agent", h.name(), e);
            return Optional.of(e.reason());
        } catch (AgentException e) {
            LOG.debug("{}: cannot reach the agent", h.name(), e);
            return Optional.of(e.detail());
        }
    }

    /** DEPLOY: binds every agent to the run (samples, dead-man switch) and opens its event stream. */
    void bindAll(long sampleMs, List<MetricGroup> metrics) throws RunFailure {
        AgentSettings agent = run.profile().agent();
        RunSession session = new RunSession(run.runId(), sampleMs, agent.heartbeatTimeout().toMillis(), metrics);
        for (HostSession s : hosts.values()) {
            try {
                s.client.startSession(session);
                s.client.subscribe(samples -> run.recorder().samples(s.name(), samples),
                        ev -> run.recorder().agentEvent(s.name(), ev, run.phase()));
                s.subscribed = true;
            } catch (AgentException e) {
                throw new RunFailure(s.name(), "deploy", e.detail(), e);
            }
            state(s, HostState.READY, "agent " + s.info.agentVersion());
            run.info(s.name(), "host.ready", "agent bound to the run; samples " + (metrics.isEmpty() ? "everything"
                    : String.join(", ", metrics.stream().map(MetricGroup::json).toList())) + " every " + sampleMs
                    + " ms, dead-man switch " + agent.heartbeatTimeout().toSeconds() + " s");
        }
    }

    /** TEARDOWN: stops the heartbeats, then every agent and transport, all hosts at once. */
    void stopAll() {
        heartbeatsOn = false;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (HostSession s : hosts.values()) {
                pool.submit(() -> stop(s));
            }
        }
    }

    private void stop(HostSession s) {
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
                left.removed().forEach(r -> run.warn(s.name(), "cleanup.removed", "removed what the agent left: " + r));
                left.left().forEach(r -> run.warn(s.name(), "cleanup.left", "could not remove what the agent left: " + r));
            } catch (RuntimeException e) {
                run.warn(s.name(), "agent.stop", "could not stop the agent: " + e.getMessage());
            }
            try {
                s.transport.close();
            } catch (RuntimeException e) {
                LOG.debug("{}: closing transport: {}", s.name(), e.getMessage());
            }
            run.info(s.name(), "agent.stopped", "agent stopped, transport closed");
        }
        if (s.state != HostState.ERROR) {
            state(s, HostState.STOPPED, null);
        }
    }

    /**
     * One beat a second, each given up after a short time, so a hung or unreachable host is named
     * once no beat got through for the profile's heartbeat timeout (the agent's own dead-man
     * switch fires after the same time), as an error of that host in the step the run was in.
     */
    private void startHeartbeat(HostSession s) {
        AgentClient client = s.client;
        Duration timeout = run.profile().agent().heartbeatTimeout();
        Duration perBeat = perBeatTimeout(timeout);
        s.heartbeat = Thread.ofVirtual().name("labdeck-heartbeat-" + s.name()).start(() -> {
            long lastAnswer = System.nanoTime();
            // the first beat goes at once: the agent's switch has been counting since it started listening
            while (heartbeatsOn) {
                long sent = System.nanoTime();
                try {
                    client.heartbeat(perBeat);
                    lastAnswer = System.nanoTime();
                } catch (AgentException e) {
                    if (heartbeatsOn && !run.stopping() && sessionLost(s)) {
                        String failed = reconnect(s, lastAnswer + timeout.toNanos());
                        if (failed == null) continue;
                        if (heartbeatsOn && !run.stopping()) {
                            lost(s, Duration.ofNanos(System.nanoTime() - lastAnswer), e,
                                    "; the SSH session dropped and could not be reopened: " + failed);
                        }
                        return;
                    }
                    Duration silent = Duration.ofNanos(System.nanoTime() - lastAnswer);
                    LOG.debug("{}: heartbeat missed, no answer for {} ms: {}", s.name(), silent.toMillis(), e.getMessage());
                    if (silent.compareTo(timeout) >= 0 && !run.stopping()) {
                        lost(s, silent, e, "");
                        return;
                    }
                }
                long left = HEARTBEAT_EVERY.toNanos() - (System.nanoTime() - sent);
                try {
                    if (left > 0) Thread.sleep(Duration.ofNanos(left));
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private static boolean sessionLost(HostSession s) {
        try {
            return s.transport != null && s.transport.sessionLost();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** First wait between reconnect attempts; it doubles after each failed one. */
    static final Duration RECONNECT_FIRST_WAIT = Duration.ofMillis(100);

    /**
     * The SSH session to the host dropped (the agent runs on): opens it again with backoff until
     * {@code deadlineNanos} (when the heartbeat timeout would name the host lost), and reopens the
     * agent's event stream.
     *
     * @return null when reconnected, else why the last attempt failed
     */
    private String reconnect(HostSession s, long deadlineNanos) {
        long started = System.nanoTime();
        run.warn(s.name(), "ssh.lost", "the SSH session to the host dropped; reconnecting (the agent keeps running)");
        Duration wait = RECONNECT_FIRST_WAIT;
        int attempts = 0;
        String last = "no attempt";
        while (heartbeatsOn && !run.stopping()) {
            attempts++;
            try {
                s.transport.reconnect();
                if (s.subscribed) {
                    s.client.subscribe(samples -> run.recorder().samples(s.name(), samples),
                            ev -> run.recorder().agentEvent(s.name(), ev, run.phase()));
                }
                run.info(s.name(), "ssh.reconnected", String.format(Locale.ROOT,
                        "SSH session and tunnel to the agent reopened after %.1f s (%d attempt%s)",
                        (System.nanoTime() - started) / 1e9, attempts, attempts == 1 ? "" : "s"));
                return null;
            } catch (TransportException e) {
                last = e.reason();
            } catch (AgentException e) {
                last = "reconnected, but the agent's event stream did not reopen: " + e.detail();
            } catch (RuntimeException e) {
                last = String.valueOf(e.getMessage());
            }
            LOG.debug("{}: reconnect attempt {} failed: {}", s.name(), attempts, last);
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) break;
            try {
                Thread.sleep(Duration.ofNanos(Math.min(wait.toNanos(), left)));
            } catch (InterruptedException e) {
                return "interrupted";
            }
            wait = wait.multipliedBy(2);
        }
        run.warn(s.name(), "ssh.reconnect_failed", String.format(Locale.ROOT, "could not reopen the SSH session in %.1f s"
                + " (%d attempt%s): %s", (System.nanoTime() - started) / 1e9, attempts, attempts == 1 ? "" : "s", last));
        return last;
    }

    /** A quarter of the heartbeat timeout, between 0.5 and 2 s. */
    static Duration perBeatTimeout(Duration heartbeatTimeout) {
        long ms = Math.max(500, Math.min(2_000, heartbeatTimeout.toMillis() / 4));
        return Duration.ofMillis(ms);
    }

    private void lost(HostSession s, Duration silent, AgentException e, String more) {
        RunFailure f = new RunFailure(s.name(), run.step(), "the agent did not answer for " + seconds(silent)
                + " (heartbeat timeout " + seconds(run.profile().agent().heartbeatTimeout()) + "): " + e.detail() + more, e);
        if (s.client instanceof HttpAgentClient http) {
            http.markLost("the agent was lost: " + f.reason());
        }
        if (run.failFromOutside(f)) {
            state(s, HostState.ERROR, f.reason());
        }
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
