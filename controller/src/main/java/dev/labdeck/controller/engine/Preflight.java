package dev.labdeck.controller.engine;

import dev.labdeck.controller.agent.AgentClient;
import dev.labdeck.controller.agent.AgentException;
import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.TrafficSpec;
import dev.labdeck.controller.results.ClockOffset;
import dev.labdeck.controller.run.HostState;
import dev.labdeck.controller.traffic.TrafficMeasurement;
import dev.labdeck.controller.run.RunFailure;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.protocol.AgentInfo;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.Capability;
import dev.labdeck.protocol.SourceEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PREFLIGHT: every host's agent is started (all at once) and asked what its host can do; the run
 * stops with the whole list of problems before anything on the hosts is changed.
 */
final class Preflight {
    private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);

    /** One thing a host lacks. */
    record HostProblem(String host, String reason) {}

    private Preflight() {}

    static void run(EngineContext run) throws RunFailure {
        HostSessions hosts = run.hosts();
        List<HostProblem> problems = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<HostSession, Future<Optional<String>>> started = new LinkedHashMap<>();
            for (HostSession s : hosts.all()) {
                started.put(s, pool.submit(() -> hosts.reach(s)));
            }
            for (Map.Entry<HostSession, Future<Optional<String>>> e : started.entrySet()) {
                Optional<String> problem;
                try {
                    problem = e.getValue().get();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new RunFailure(null, "preflight", "interrupted");
                } catch (ExecutionException ee) {
                    LOG.info("preflight of {} failed", e.getKey().name(), ee.getCause());
                    problem = Optional.of(String.valueOf(ee.getCause()));
                }
                if (problem.isPresent()) {
                    problems.add(new HostProblem(e.getKey().name(), problem.get()));
                    hosts.state(e.getKey(), HostState.ERROR, problem.get());
                }
            }
        }
        for (HostSession s : hosts.all()) {
            if (s.info != null) {
                for (String p : capabilityProblems(run.profile(), s.spec, s.info)) {
                    problems.add(new HostProblem(s.name(), p));
                    hosts.state(s, HostState.ERROR, p);
                }
            }
        }
        if (problems.isEmpty()) {
            sourceEngine(run).ifPresent(p -> {
                problems.add(p);
                hosts.get(p.host()).ifPresent(s -> hosts.state(s, HostState.ERROR, p.reason()));
            });
        }
        if (problems.size() == 1) {
            HostProblem p = problems.getFirst();
            throw new RunFailure(p.host(), step(), p.reason());
        }
        if (!problems.isEmpty()) {
            throw new RunFailure(null, step(), problems.size() + " problems: " + String.join("; ",
                    problems.stream().map(p -> p.host() + ": " + p.reason()).toList()));
        }
    }

    /**
     * Asks the traffic source host's agent which engine it would send the profile's traffic with
     * (it sends nothing to the destination) and records the choice and why the faster engines were
     * skipped; a problem when the engine the profile names cannot work there.
     */
    private static Optional<HostProblem> sourceEngine(EngineContext run) {
        TrafficSpec t = run.profile().traffic();
        if (t == null) {
            return Optional.empty();
        }
        Optional<AgentClient> client = run.hosts().client(t.source());
        if (client.isEmpty()) {
            return Optional.empty();
        }
        try {
            SourceEngine chosen = client.get().trafficEngine(TrafficMeasurement.request(run.profile(), t, null));
            run.sourceEngine(chosen);
            clockOffset(run, t);
            run.event(dev.labdeck.protocol.EventLevel.INFO, t.source(), "traffic.engine", TrafficMeasurement.engineLine(chosen),
                    Map.of("engine", chosen.engine().word(), "threads", Integer.toString(chosen.threads()),
                            "skipped", String.join("; ", chosen.notes())));
            return Optional.empty();
        } catch (AgentException e) {
            return Optional.of(new HostProblem(t.source(), "traffic engine " + t.engine() + ": " + e.detail()));
        }
    }

    /** Rounds per host when measuring its clock; the shortest round trip counts. */
    static final int CLOCK_ROUNDS = 5;

    /** Measures the sink's clock against the source's and states it (event traffic.clock_offset). */
    private static void clockOffset(EngineContext run, TrafficSpec t) {
        try {
            ClockOffset offset;
            if (t.source().equals(t.sink())) {
                offset = new ClockOffset(t.source(), t.sink(), 0, 0);
            } else {
                double[] src = clock(run.hosts().client(t.source()).orElseThrow());
                double[] dst = clock(run.hosts().client(t.sink()).orElseThrow());
                offset = new ClockOffset(t.source(), t.sink(), round(dst[0] - src[0]), round(dst[1] + src[1]));
            }
            run.clockOffset(offset);
            run.event(dev.labdeck.protocol.EventLevel.INFO, null, "traffic.clock_offset", offset.describe(), Map.of(
                    "offset_us", Double.toString(offset.offsetUs()), "uncertainty_us", Double.toString(offset.uncertaintyUs())));
        } catch (AgentException | RuntimeException e) {
            run.event(dev.labdeck.protocol.EventLevel.WARN, null, "traffic.clock_offset",
                    "the clock offset between " + t.source() + " and " + t.sink() + " could not be measured (" + e.getMessage()
                            + "); one-way latencies include it unstated", Map.of());
        }
    }

    /** {offset of the agent's clock from the controller's, half the round trip}, in µs, over the shortest of a few rounds. */
    private static double[] clock(AgentClient agent) throws AgentException {
        double best = Double.MAX_VALUE;
        double offset = 0;
        for (int i = 0; i < CLOCK_ROUNDS; i++) {
            long t0 = System.nanoTime();
            java.time.Instant sent = java.time.Instant.now();
            long agentNanos = agent.clock().epochNanos();
            long rtt = System.nanoTime() - t0;
            long middle = sent.getEpochSecond() * 1_000_000_000L + sent.getNano() + rtt / 2;
            if (rtt < best) {
                best = rtt;
                offset = (agentNanos - middle) / 1000.0;
            }
        }
        return new double[] {offset, best / 2000.0};
    }

    private static double round(double us) {
        return Math.round(us * 10.0) / 10.0;
    }

    private static String step() {
        return RunPhase.PREFLIGHT.label().toLowerCase(java.util.Locale.ROOT);
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
}
