package dev.labdeck.controller.service;

import dev.labdeck.controller.agent.AgentClient;
import dev.labdeck.controller.agent.AgentException;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ServiceOrder;
import dev.labdeck.controller.profile.ServiceSpec;
import dev.labdeck.controller.profile.ServiceStopInput;
import dev.labdeck.controller.run.RunContext;
import dev.labdeck.controller.run.RunFailure;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.controller.run.RunStage;
import dev.labdeck.protocol.EventLevel;
import dev.labdeck.protocol.ServiceInput;
import dev.labdeck.protocol.ServiceInputResult;
import dev.labdeck.protocol.ServiceState;
import dev.labdeck.protocol.ServiceStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * START SERVICES: starts the profile's services in {@link ServiceOrder} across hosts, each only
 * once everything it names in {@code after} is ready, and waits for its own readiness (the agent
 * runs the probe and enforces the start timeout). On a failure it stops what it started, last
 * first, and fails the run naming host, service and reason. While the run goes it watches the
 * services: a {@code crash_fails_run} service that exits fails the run. TEARDOWN stops all of
 * them in reverse start order; one that had ended by itself meanwhile, or died of another signal
 * than its stop signal (a SIGSEGV on shutdown), fails the run too unless {@code crash_fails_run}
 * is false. Then it reads the services' figures.
 */
public final class ServiceStage implements RunStage {
    private static final Logger log = LoggerFactory.getLogger(ServiceStage.class);
    /** How often the agents are asked about a starting service. */
    private static final Duration POLL = Duration.ofMillis(100);
    /** How often running services are checked for crashes. */
    private static final Duration WATCH = Duration.ofMillis(500);
    /** Slack on top of the start timeout the agent enforces, for the round trips. */
    private static final Duration SLACK = Duration.ofSeconds(10);

    private final Profile profile;
    private final List<ServiceOrder.Step> started = new CopyOnWriteArrayList<>();
    /** Every service this run started, for reading figures once all have stopped. */
    private final List<ServiceOrder.Step> everStarted = new CopyOnWriteArrayList<>();
    private volatile Thread watcher;
    private volatile boolean tearingDown;
    /** Services whose end the watcher already reported during the run. */
    private final Map<String, String> reported = new ConcurrentHashMap<>();

    public ServiceStage(Profile profile) {
        this.profile = profile;
    }

    /** A profile needs this stage when any host has a service. */
    public static boolean wanted(Profile p) {
        return p.hosts().stream().anyMatch(h -> h.services() != null && !h.services().isEmpty());
    }

    @Override
    public RunPhase phase() {
        return RunPhase.START_SERVICES;
    }

    @Override
    public void setUp(RunContext ctx) throws RunFailure {
        ServiceOrder order;
        try {
            order = ServiceOrder.of(profile);
        } catch (IllegalArgumentException e) {
            throw new RunFailure(null, "order services", e.getMessage());
        }
        ctx.info(null, "service.order", "starting " + order.steps().size() + " service(s) in this order: "
                + String.join(", ", order.steps().stream().map(ServiceOrder.Step::toString).toList()));
        for (ServiceOrder.Step step : order.steps()) {
            String host = step.host().name();
            ServiceSpec spec = step.service();
            String what = "start service " + spec.name();
            try {
                if (ctx.stopping()) {
                    throw new RunFailure(host, what, "the run is stopping");
                }
                startAndAwaitReady(ctx, step);
            } catch (RunFailure f) {
                stopStarted(ctx, "start of " + spec.name() + " failed");
                throw f;
            }
        }
        if (!started.isEmpty()) {
            watcher = Thread.ofVirtual().name("labdeck-service-watch").start(() -> watch(ctx));
        }
    }

    private void startAndAwaitReady(RunContext ctx, ServiceOrder.Step step) throws RunFailure {
        String host = step.host().name();
        ServiceSpec spec = step.service();
        String what = "start service " + spec.name();
        AgentClient agent = ctx.agent(host);
        ServiceStatus st;
        try {
            st = agent.startService(ServiceRequests.of(spec, primaryOf(spec)));
        } catch (AgentException e) {
            throw new RunFailure(host, what, agentMessage(spec.name(), e), e);
        }
        started.add(step);
        everStarted.add(step);
        ctx.event(EventLevel.INFO, host, "service.started", "service " + spec.name() + " started (pid " + st.pid() + ")",
                data(spec, st));
        Duration timeout = (spec.startTimeout() == null ? Duration.ofSeconds(30) : spec.startTimeout()).plus(SLACK);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            switch (st.state()) {
                case READY -> {
                    ctx.event(EventLevel.INFO, host, "service.ready", "service " + spec.name() + " ready after "
                            + (st.readyAtMs() - st.startedAtMs()) + " ms (" + ServicePlan.probe(spec.readiness()) + ")",
                            data(spec, st));
                    return;
                }
                case FAILED, EXITED, STOPPED -> {
                    String reason = st.reason() != null ? st.reason()
                            : howItEnded(st) + (st.readyAtMs() > 0 ? " just after it was ready" : " before ready");
                    ctx.event(EventLevel.ERROR, host, "service.exited", "service " + spec.name() + ": " + reason, data(spec, st));
                    throw new RunFailure(host, what, reason + logHint(st));
                }
                case STARTING -> {
                    // not ready yet: ask again below
                }
            }
            if (ctx.stopping()) {
                throw new RunFailure(host, what, "the run is stopping");
            }
            if (System.nanoTime() > deadline) {
                throw new RunFailure(host, what, "the agent reported no readiness within " + ServicePlan.seconds(timeout));
            }
            sleep(POLL);
            try {
                st = agent.service(spec.name());
            } catch (AgentException e) {
                throw new RunFailure(host, what, agentMessage(spec.name(), e), e);
            }
        }
    }

    /** A DPDK secondary's primary service, or null. */
    private ServiceSpec primaryOf(ServiceSpec spec) {
        String primary = spec.dpdkPrimary();
        return primary == null ? null : profile.hosts().stream().flatMap(h -> h.services().stream())
                .filter(s -> s.name().equals(primary)).findFirst().orElse(null);
    }

    /** Watches the started services while the run goes; a crash of a crash_fails_run service fails it. */
    private void watch(RunContext ctx) {
        while (!tearingDown && !Thread.currentThread().isInterrupted()) {
            sleep(WATCH);
            if (tearingDown) {
                return;
            }
            Map<String, List<ServiceOrder.Step>> byHost = new LinkedHashMap<>();
            for (ServiceOrder.Step s : started) {
                byHost.computeIfAbsent(s.host().name(), h -> new ArrayList<>()).add(s);
            }
            for (var e : byHost.entrySet()) {
                List<ServiceStatus> statuses;
                try {
                    statuses = ctx.agent(e.getKey()).services();
                } catch (AgentException | RuntimeException ex) {
                    // a lost agent is the heartbeat's to report
                    continue;
                }
                for (ServiceOrder.Step step : e.getValue()) {
                    ServiceSpec spec = step.service();
                    statuses.stream().filter(s -> s.name().equals(spec.name())).findFirst().ifPresent(st -> {
                        if (st.state() != ServiceState.EXITED || reported.containsKey(spec.name()) || tearingDown) {
                            return;
                        }
                        reported.put(spec.name(), st.state().json());
                        String how = howItEnded(st);
                        if (spec.load() && Integer.valueOf(0).equals(st.exitCode())) {
                            // a load (a client) ending well is the end of its work, not a crash
                            ctx.event(EventLevel.INFO, e.getKey(), "service.finished", "service " + spec.name()
                                    + " (role load) finished: " + how, data(spec, st));
                            return;
                        }
                        ctx.event(spec.crashFailsRun() ? EventLevel.ERROR : EventLevel.WARN, e.getKey(), "service.exited",
                                "service " + spec.name() + " " + how + " during the run", data(spec, st));
                        if (spec.crashFailsRun()) {
                            ctx.fail(new RunFailure(e.getKey(), "service " + spec.name(),
                                    how + " during the run" + logHint(st)));
                        }
                    });
                }
            }
        }
    }

    @Override
    public void tearDown(RunContext ctx) {
        tearingDown = true;
        Thread w = watcher;
        if (w != null) {
            w.interrupt();
            try {
                // its last look must not race the teardown's own account of how services ended
                w.join(WATCH.multipliedBy(4));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stopStarted(ctx, "teardown");
        readFigures(ctx);
    }

    /** The services' own figures, read once they have stopped (their output is complete then). */
    private void readFigures(RunContext ctx) {
        List<ServiceFigures.Source> sources = new ArrayList<>();
        for (var h : profile.hosts()) {
            for (ServiceSpec s : h.services() == null ? List.<ServiceSpec>of() : h.services()) {
                if (!s.figures().isEmpty() || !s.collect().isEmpty()) {
                    boolean ran = everStarted.stream().anyMatch(st -> st.service().name().equals(s.name()));
                    sources.add(new ServiceFigures.Source(h.name(), s, ran));
                }
            }
        }
        if (!sources.isEmpty()) {
            Map<String, Object> section = ServiceFigures.read(ctx, sources);
            ServiceFiles.collect(ctx, sources, section);
            ctx.summarySection("services", section);
        }
    }

    private void stopStarted(RunContext ctx, String why) {
        List<ServiceOrder.Step> toStop = new ArrayList<>(started);
        started.clear();
        quiesce(ctx, toStop.reversed());
        for (ServiceOrder.Step step : toStop.reversed()) {
            String host = step.host().name();
            ServiceSpec spec = step.service();
            try {
                ServiceStatus st = ctx.agent(host).stopService(spec.name());
                String crash = why.equals("teardown") && !reported.containsKey(spec.name()) ? crash(spec, st) : null;
                if (crash == null) {
                    ctx.event(EventLevel.INFO, host, "service.exited", "service " + spec.name() + " stopped ("
                            + howItEnded(st) + ")", data(spec, st));
                } else {
                    ctx.event(spec.crashFailsRun() ? EventLevel.ERROR : EventLevel.WARN, host, "service.crashed",
                            "service " + spec.name() + " " + crash + (spec.crashFailsRun() ? ""
                                    : " (crash_fails_run is false: the run goes on)"), data(spec, st));
                    if (spec.crashFailsRun()) {
                        ctx.fail(new RunFailure(host, "service " + spec.name(), crash + logHint(st)));
                    }
                }
            } catch (AgentException | RuntimeException e) {
                log.warn("{}: stopping service {} failed", host, spec.name(), e);
                ctx.event(EventLevel.WARN, host, "service.stop_failed", "service " + spec.name() + " could not be stopped ("
                        + why + "): " + e.getMessage() + "; the agent stops it when it shuts down", Map.of("service", spec.name()));
            }
        }
    }

    /**
     * Before any service is stopped, every one with a {@code stop_input.quiesce} line gets it (an
     * interactive testpmd's {@code stop}: forwarding ends) and, with {@code quiesced}, the output
     * that confirms it is awaited up to its stop grace: no memif peer then disconnects from a
     * process that still forwards.
     */
    private void quiesce(RunContext ctx, List<ServiceOrder.Step> steps) {
        for (ServiceOrder.Step step : steps) {
            ServiceSpec spec = step.service();
            ServiceStopInput in = spec.stopInput();
            if (in == null || in.quiesce() == null || reported.containsKey(spec.name())) {
                continue;
            }
            String host = step.host().name();
            long grace = (spec.stopGrace() == null ? Duration.ofSeconds(5) : spec.stopGrace()).toMillis();
            Map<String, String> d = new LinkedHashMap<>();
            d.put("service", spec.name());
            d.put("input", in.quiesce());
            try {
                ServiceInputResult r = ctx.agent(host).serviceInput(spec.name(),
                        new ServiceInput(in.quiesce(), in.quiesced(), in.quiesced() == null ? 0 : grace));
                d.put("waited_ms", Long.toString(r.waitedMs()));
                if (in.quiesced() == null || r.matchedLine() != null) {
                    if (r.matchedLine() != null) {
                        d.put("output", r.matchedLine());
                    }
                    ctx.event(EventLevel.INFO, host, "service.quiesced", "service " + spec.name() + " quiesced: '"
                            + in.quiesce() + "'" + (r.matchedLine() == null ? "" : " → '" + r.matchedLine() + "' after "
                            + r.waitedMs() + " ms"), d);
                } else {
                    ctx.event(EventLevel.WARN, host, "service.quiesce_unconfirmed", "service " + spec.name() + ": no output"
                            + " line matched '" + in.quiesced() + "' within " + grace + " ms of '" + in.quiesce()
                            + "'; stopping it anyway", d);
                }
            } catch (AgentException e) {
                if (e.status() == 409) {
                    // it is not running (it failed to start, or ended): nothing to quiesce; its stop says how it ended
                    log.info("{}: service {} not quiesced: {}", host, spec.name(), e.detail());
                    continue;
                }
                ctx.event(EventLevel.WARN, host, "service.quiesce_failed", "service " + spec.name() + ": '"
                        + in.quiesce() + "' could not be written to its stdin: " + e.getMessage(), d);
            } catch (RuntimeException e) {
                ctx.event(EventLevel.WARN, host, "service.quiesce_failed", "service " + spec.name() + ": '"
                        + in.quiesce() + "' could not be written to its stdin: " + e.getMessage(), d);
            }
        }
    }

    /**
     * How a service being stopped at teardown had crashed, or null: it ended by itself before the
     * stop (as the watcher would have said, had it looked in time), or died of a signal other than
     * its stop signal (a SIGSEGV while shutting down) or SIGKILL (the agent's, after the grace).
     */
    static String crash(ServiceSpec spec, ServiceStatus st) {
        String stopSignal = spec.stopSignal() == null ? "TERM" : spec.stopSignal();
        return switch (st.state()) {
            case EXITED -> spec.load() && Integer.valueOf(0).equals(st.exitCode()) ? null
                    : howItEnded(st) + " before teardown";
            case STOPPED -> st.signal() != null && !st.signal().equals(stopSignal) && !st.signal().equals("KILL")
                    ? "killed by signal " + st.signal() + " when stopped with " + stopSignal + " at teardown" : null;
            default -> null;
        };
    }

    private static Map<String, String> data(ServiceSpec spec, ServiceStatus st) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("service", spec.name());
        // the agent reports the same moments on its own stream; this marks the run's own record
        d.put("source", "controller");
        d.put("state", st.state().json());
        d.put("pid", Long.toString(st.pid()));
        if (!spec.cores().isEmpty()) {
            d.put("cores", String.join(",", spec.cores().stream().map(String::valueOf).toList()));
        }
        if (st.startedAtMs() > 0) {
            d.put("started_at_ms", Long.toString(st.startedAtMs()));
        }
        if (st.readyAtMs() > 0) {
            d.put("ready_at_ms", Long.toString(st.readyAtMs()));
        }
        if (st.endedAtMs() > 0) {
            d.put("ended_at_ms", Long.toString(st.endedAtMs()));
        }
        if (st.exitCode() != null) {
            d.put("exit_code", st.exitCode().toString());
        }
        if (st.signal() != null) {
            d.put("signal", st.signal());
        }
        if (st.logFile() != null) {
            d.put("log_file", st.logFile());
        }
        return d;
    }

    private static String howItEnded(ServiceStatus st) {
        if (st.exitCode() != null) {
            return "exited with code " + st.exitCode();
        }
        if (st.signal() != null) {
            return "killed by signal " + st.signal();
        }
        return st.state().json();
    }

    private static String logHint(ServiceStatus st) {
        return st.logFile() == null ? "" : "; its output is in " + st.logFile() + " on the host";
    }

    /**
     * What the agent said, without what the failure names anyway: for a refused request (4xx) only
     * the agent's own message, e.g. "command not found: lb (not on PATH)".
     */
    static String agentMessage(String service, AgentException e) {
        if (e.status() < 400 || e.status() >= 500) {
            return e.detail();
        }
        String said = e.reason();
        String redundant = "service " + service + ": ";
        return said.startsWith(redundant) ? said.substring(redundant.length()) : said;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
