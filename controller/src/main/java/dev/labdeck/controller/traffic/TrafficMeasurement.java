package dev.labdeck.controller.traffic;

import dev.labdeck.controller.agent.AgentClient;
import dev.labdeck.controller.agent.AgentException;
import dev.labdeck.controller.profile.FlowSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.TrafficSpec;
import dev.labdeck.controller.results.ClockOffset;
import dev.labdeck.controller.results.FlowSummary;
import dev.labdeck.controller.results.TrafficSummary;
import dev.labdeck.controller.run.MeasuredTraffic;
import dev.labdeck.controller.run.RunContext;
import dev.labdeck.controller.run.RunFailure;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.protocol.Flow;
import dev.labdeck.protocol.FlowCounters;
import dev.labdeck.protocol.OneWayLatency;
import dev.labdeck.protocol.SinkStart;
import dev.labdeck.protocol.SinkState;
import dev.labdeck.protocol.SinkStatus;
import dev.labdeck.protocol.SourceEngine;
import dev.labdeck.protocol.TrafficEngine;
import dev.labdeck.protocol.TrafficStart;
import dev.labdeck.protocol.TrafficState;
import dev.labdeck.protocol.TrafficStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One measurement of a profile's traffic: the sink listens on the sink host (WARMUP), the source
 * sends for the profile's duration (MEASURE), the sink drains (COOLDOWN), and both sides' final
 * counters become a {@link TrafficSummary}. Reusable: a baseline is the same measurement run again
 * under other conditions (e.g. without XDP), with phases reported or not as the caller chooses.
 */
public final class TrafficMeasurement {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrafficMeasurement.class);
    /** How often the source's state is polled while it sends. */
    static final Duration POLL = Duration.ofMillis(200);
    /** After the source stops, how long the sink's count must stay still to count as drained. */
    static final Duration SETTLED = Duration.ofMillis(500);
    /** COOLDOWN may wait this long for stragglers even when the profile's cooldown is shorter. */
    static final Duration MIN_DRAIN = Duration.ofSeconds(1);

    private final RunContext ctx;
    private final TrafficSpec spec;
    private final Consumer<RunPhase> phases;
    private volatile MeasuredTraffic partial;

    /** @param phases told of WARMUP, MEASURE and COOLDOWN as they begin; pass {@code p -> {}} for a baseline inside another phase */
    public TrafficMeasurement(RunContext ctx, TrafficSpec spec, Consumer<RunPhase> phases) {
        this.ctx = ctx;
        this.spec = spec;
        this.phases = phases;
    }

    /** Runs the measurement; {@code label} names it in the event log (e.g. "traffic", "baseline"). */
    public MeasuredTraffic run(String label) throws RunFailure {
        AgentClient sink = ctx.agent(spec.sink());
        AgentClient source = ctx.agent(spec.source());
        List<Flow> flows = flows(spec);
        List<Integer> ports = flows.stream().map(Flow::dstPort).distinct().toList();
        String destination = destination(ctx.profile(), spec);
        boolean sinkStarted = false;
        boolean sourceStarted = false;
        boolean finished = false;
        long measureStart = 0;
        SourceEngine chosen = ctx.sourceEngine().orElse(null);
        try {
            phases.accept(RunPhase.WARMUP);
            call(spec.sink(), "start sink", () -> sink.startSink(new SinkStart(anyAddress(destination), ports, payloads(flows))));
            sinkStarted = true;
            ctx.info(spec.sink(), "sink.started", label + ": sink listening on UDP ports " + ports);
            Duration warmup = orZero(spec.warmup());
            if (!warmup.isZero()) {
                ctx.info(null, "warmup", label + ": letting the hosts settle for " + seconds(warmup));
                waitFor(warmup);
            }

            phases.accept(RunPhase.MEASURE);
            long durationMs = spec.duration().toMillis();
            TrafficStart start = request(ctx.profile(), spec, chosen);
            measureStart = System.currentTimeMillis();
            TrafficStatus begun = call(spec.source(), "start traffic", () -> source.startTraffic(start));
            sourceStarted = true;
            if (chosen == null && begun != null && begun.engine() != null) {
                ctx.info(spec.source(), "traffic.engine", label + ": " + engineLine(new SourceEngine(begun.engine(), 1,
                        begun.engineNotes() == null ? List.of() : begun.engineNotes(), begun.egressInterface())));
            }
            ctx.info(spec.source(), "traffic.started", String.format(java.util.Locale.ROOT,
                    "%s: sending %,d pps of UDP %s to %s in %d flows for %s", label, spec.pps(),
                    payloadWords(spec), destination, flows.size(), seconds(spec.duration())));
            TrafficStatus sent = awaitSource(source, durationMs);
            long measureEnd = System.currentTimeMillis();
            finished = true;
            ctx.info(spec.source(), "traffic.done", String.format(java.util.Locale.ROOT, "%s: sent %,d packets with the %s engine (%s)%s",
                    label, sent.packets(), sent.engine(), sent.state(), senderWords(sent).map(w -> ", " + w).orElse("")));

            phases.accept(RunPhase.COOLDOWN);
            drain(sink, sent.packets());
            SinkStatus received = collect(spec.sink(), "stop sink", sink::stopSink, () -> {
                // the first attempt may have stopped the sink and lost only its answer: a stopped sink keeps its counters
                SinkStatus now = sink.sinkStatus();
                return now.state() == SinkState.RUNNING ? sink.stopSink() : now;
            });
            sinkStarted = false;
            if (received == null) {
                throw new RunFailure(spec.sink(), "stop sink", "the agent gave no final sink counters");
            }
            TrafficSummary summary = summarize(sent, received, flows, spec.duration(), chosen,
                    ctx.clockOffset().orElse(null));
            if (received.payloadMismatches() > 0) {
                ctx.warn(spec.sink(), "traffic.payload_mismatch", String.format(java.util.Locale.ROOT,
                        "%s: %,d of the %,d packets whose payload the sink checked differ from their flow's pattern",
                        label, received.payloadMismatches(), received.payloadChecked()));
            }
            for (String gap : countGaps(spec, summary)) {
                ctx.warn(spec.source(), "traffic.count_gap", label + ": " + gap);
            }
            if (summary.generatorLimited()) {
                ctx.warn(spec.source(), "traffic.generator_limited", String.format(java.util.Locale.ROOT,
                        "%s: the source reached %,.0f of the %,d pps asked (%.1f %%) with the %s engine; "
                                + "the figures describe %,.0f pps", label, summary.achievedPps(), summary.requestedPps(),
                        summary.achievedPps() * 100.0 / summary.requestedPps(), summary.engine(), summary.achievedPps()));
            }
            OneWayLatency l = summary.latencyUs();
            ctx.info(spec.sink(), "sink.done", String.format(java.util.Locale.ROOT,
                    "%s: received %,d of %,d packets (%.3f %% lost)%s", label, summary.rxPackets(), summary.txPackets(),
                    summary.lossPercent(), l == null || l.samples() == 0 ? "" : String.format(java.util.Locale.ROOT,
                            "; one-way latency p50 %.1f µs, p99 %.1f µs, max %.1f µs", l.p50(), l.p99(), l.max())));
            if (l != null && l.belowZero() > 0) {
                ctx.warn(spec.sink(), "traffic.clock_skew", String.format(java.util.Locale.ROOT,
                        "%s: %,d of %,d packets arrived before they were sent by the two hosts' clocks (counted as 0 µs): "
                                + "%s's clock is behind %s's; the one-way latencies are too low by the offset",
                        label, l.belowZero(), l.samples(), spec.sink(), spec.source()));
            }
            return new MeasuredTraffic(summary, measureStart, measureEnd);
        } catch (RunFailure failure) {
            if (sourceStarted) {
                partial = keepWhatWasCounted(source, sink, sinkStarted, flows, chosen, measureStart, failure);
                sourceStarted = false;
                sinkStarted = false;
            }
            throw failure;
        } finally {
            // on failure or abort, leave no traffic behind even before TEARDOWN gets here
            if (sourceStarted && !finished) {
                quietly(() -> source.stopTraffic());
            }
            if (sinkStarted) {
                quietly(() -> sink.stopSink());
            }
        }
    }

    /**
     * What the measurement counted before a fault cut it short, or empty when it never sent: the
     * source's and the sink's counters as far as each host still answers, marked incomplete.
     */
    public Optional<MeasuredTraffic> partial() {
        return Optional.ofNullable(partial);
    }

    private MeasuredTraffic keepWhatWasCounted(AgentClient source, AgentClient sink, boolean sinkStarted, List<Flow> flows,
                                               SourceEngine chosen, long measureStart, RunFailure failure) {
        // a host the fault is about is not asked: it is gone or frozen, and each call would wait its timeout
        boolean sourceLost = spec.source().equals(failure.host());
        boolean sinkLost = spec.sink().equals(failure.host());
        TrafficStatus sent = sourceLost ? null : firstAnswer(source::stopTraffic, source::trafficStatus);
        SinkStatus received = sinkStarted && !sinkLost ? firstAnswer(sink::stopSink, sink::sinkStatus) : null;
        if (sent == null) {
            LOG.info("{}: the source's counters are lost with its agent; no traffic figures to keep", spec.source());
            return null;
        }
        List<String> missing = new ArrayList<>();
        if (received == null) {
            missing.add("the sink's counters on " + spec.sink() + " could not be read, so rx figures are 0");
            received = new SinkStatus(SinkState.IDLE, 0, 0, 0, 0, 0, 0, List.of(), null);
        }
        String where = (failure.host() == null ? "" : failure.host() + ": ") + failure.step() + ": " + failure.reason();
        String why = "cut short at " + where + (missing.isEmpty() ? "" : "; " + String.join("; ", missing));
        TrafficSummary summary = summarize(sent, received, flows, null, chosen, ctx.clockOffset().orElse(null)).incomplete(why);
        ctx.warn(null, "traffic.partial", String.format(java.util.Locale.ROOT,
                "kept the figures counted before the fault: sent %,d, received %,d (incomplete)", summary.txPackets(),
                summary.rxPackets()));
        return new MeasuredTraffic(summary, measureStart, System.currentTimeMillis());
    }

    private interface Read<T> {
        T get() throws AgentException;
    }

    /** The first of the calls that answers, or null when the host answers none. */
    @SafeVarargs
    private <T> T firstAnswer(Read<T>... calls) {
        for (Read<T> c : calls) {
            try {
                T t = c.get();
                if (t != null) return t;
            } catch (AgentException | RuntimeException e) {
                LOG.debug("reading counters after a fault: {}", e.getMessage());
            }
        }
        return null;
    }

    /**
     * Stops what an abort or a failing stage left running on the source and the sink (a finished
     * measurement has stopped its own traffic already); either client may be null. Never throws.
     */
    public static void stopLeftovers(RunContext ctx, TrafficSpec spec, AgentClient source, AgentClient sink) {
        if (source != null) {
            try {
                if (source.trafficStatus().state() == TrafficState.RUNNING) {
                    source.stopTraffic();
                    ctx.info(spec.source(), "traffic.stopped", "traffic source stopped");
                }
            } catch (AgentException | RuntimeException e) {
                LOG.debug("{}: stopping traffic: {}", spec.source(), e.getMessage());
            }
        }
        if (sink != null) {
            try {
                if (sink.sinkStatus().state() == SinkState.RUNNING) {
                    sink.stopSink();
                    ctx.info(spec.sink(), "sink.stopped", "sink stopped");
                }
            } catch (AgentException | RuntimeException e) {
                LOG.debug("{}: stopping sink: {}", spec.sink(), e.getMessage());
            }
        }
    }

    /**
     * One flow per destination port, in the profile's order; more flows than ports reuse ports in turn.
     * The profile's defaults (ports, flows, destination) were applied once, when it was read.
     */
    public static List<Flow> flows(TrafficSpec spec) {
        List<Integer> ports = spec.ports();
        List<Flow> flows = new ArrayList<>(spec.flows());
        for (int i = 0; i < spec.flows(); i++) {
            int port = ports.get(i % ports.size());
            FlowSpec own = spec.flow(i);
            if (own == null) {
                flows.add(new Flow(i, port, 0));
            } else {
                int size = own.packetSize() == null ? 0 : own.packetSize() == 0 ? Flow.IMIX : own.packetSize();
                flows.add(new Flow(i, port, own.srcPort(), own.share(), size, own.payload()));
            }
        }
        return flows;
    }

    /** The request's payload size: the traffic's packet_size, {@link Flow#IMIX} for imix. */
    static int payloadBytes(TrafficSpec spec) {
        return spec.packetSize() == 0 ? Flow.IMIX : spec.packetSize();
    }

    /** The payload size in words: "64-byte payloads", "IMIX payloads", or "payloads of each flow's size". */
    public static String payloadWords(TrafficSpec spec) {
        boolean own = spec.perFlow() != null && spec.perFlow().stream().anyMatch(f -> f.packetSize() != null);
        return own ? "payloads of each flow's size" : spec.packetSize() == 0 ? "IMIX payloads" : spec.packetSize() + "-byte payloads";
    }

    /**
     * What the source is asked to send: the profile's traffic with the engine and threads chosen at
     * PREFLIGHT ({@code chosen}), or as the profile names them when there was no choice yet.
     */
    public static TrafficStart request(Profile profile, TrafficSpec spec, SourceEngine chosen) {
        TrafficEngine engine = chosen != null ? chosen.engine() : spec.engine() == null ? TrafficEngine.AUTO : spec.engine().engine();
        int threads = chosen != null ? chosen.threads() : spec.threads();
        boolean receiverXdp = profile.xdp() != null && profile.xdp().stream().anyMatch(x -> x.host().equals(spec.sink()));
        return new TrafficStart(destination(profile, spec), null, flows(spec), spec.pps(), payloadBytes(spec),
                spec.duration().toMillis(), engine, threads, receiverXdp);
    }

    /** The engine choice in words: "the xdp-live engine sends by data0 with 1 thread (skipped: ...)". */
    public static String engineLine(SourceEngine chosen) {
        return "the " + chosen.engine() + " engine sends" + (chosen.egressInterface() == null ? "" : " by " + chosen.egressInterface())
                + " with " + chosen.threads() + (chosen.threads() == 1 ? " thread" : " threads")
                + (chosen.notes() == null || chosen.notes().isEmpty() ? "" : " (" + String.join("; ", chosen.notes()) + ")");
    }

    /** The address the source sends to. */
    public static String destination(Profile profile, TrafficSpec spec) {
        return spec.destination();
    }

    private static String anyAddress(String destination) {
        return destination.indexOf(':') >= 0 ? "::" : "0.0.0.0";
    }

    /** Each flow's payload pattern for the sink to check (zeros where the flow names none). */
    static Map<Integer, String> payloads(List<Flow> flows) {
        Map<Integer, String> out = new java.util.TreeMap<>();
        for (Flow f : flows) out.put(f.id(), f.payload() == null ? dev.labdeck.protocol.PayloadPattern.ZEROS : f.payload());
        return out;
    }

    /** Both sides' counters as the summary's figures: lost is sent minus received, never negative. */
    public static TrafficSummary summarize(TrafficStatus sent, SinkStatus received, List<Flow> flows) {
        return summarize(sent, received, flows, null);
    }

    /**
     * Both sides' counters as the summary's figures: lost is sent minus received, never negative;
     * the achieved rate is over {@code requested} when the source ran to its end (null: over its
     * own sending time).
     */
    public static TrafficSummary summarize(TrafficStatus sent, SinkStatus received, List<Flow> flows, Duration requested) {
        return summarize(sent, received, flows, requested, null, null);
    }

    /**
     * As {@link #summarize(TrafficStatus, SinkStatus, List, Duration)}, with the engine's choice
     * made at PREFLIGHT ({@code chosen}, null when there was none: then the source's own notes) and
     * the clock offset measured then ({@code clock}, null when none).
     */
    public static TrafficSummary summarize(TrafficStatus sent, SinkStatus received, List<Flow> flows, Duration requested,
                                           SourceEngine chosen, ClockOffset clock) {
        Map<Integer, FlowCounters> tx = byFlow(sent.flows());
        Map<Integer, FlowCounters> rx = byFlow(received.flows());
        List<FlowSummary> perFlow = new ArrayList<>();
        for (Flow f : flows) {
            FlowCounters t = tx.get(f.id());
            FlowCounters r = rx.get(f.id());
            long txp = t == null ? 0 : t.packets();
            long rxp = r == null ? 0 : r.packets();
            long lost = Math.max(0, txp - rxp);
            OneWayLatency latency = received.flowLatency() == null ? null : received.flowLatency().get(f.id());
            perFlow.add(new FlowSummary(f.id(), f.dstPort(), txp, rxp, lost, percent(lost, txp),
                    r == null ? 0 : r.reordered(), r == null ? 0 : r.duplicates(),
                    latency == null && received.latency() != null ? OneWayLatency.NONE : latency,
                    t == null ? 0 : t.bytes(), r == null ? 0 : r.bytes()));
        }
        long txPackets = sent.packets();
        long rxPackets = received.packets();
        long lost = Math.max(0, txPackets - rxPackets);
        double seconds = sendingSeconds(sent, requested);
        double txPps = seconds > 0 ? txPackets / seconds : 0;
        double rxPps = seconds > 0 ? rxPackets / seconds : 0;
        double achieved = round(txPps);
        return new TrafficSummary(txPackets, rxPackets, lost, achieved, round(rxPps), percent(lost, txPackets),
                sent.bytes(), received.bytes(), sent.sendErrors(), received.foreign(), sent.startedAtMs(),
                sent.endedAtMs(), perFlow, sent.engine(), sent.requestedPps(), achieved,
                TrafficSummary.limited(txPps, sent.requestedPps()), sent.egressInterface(), sent.egressTxPackets(),
                chosen != null ? chosen.threads() : 1,
                engineNotes(chosen, sent),
                true, null, received.latency(), clock, received.payloadMismatches());
    }

    /**
     * The sending threads and the cores they ran pinned to, as the source reported them at the end,
     * e.g. "2 sending threads, pinned to cores 0, 1"; empty when the agent did not say.
     */
    static Optional<String> senderWords(TrafficStatus sent) {
        List<Integer> cores = sent.senderCores();
        if (cores == null || cores.isEmpty()) return Optional.empty();
        String threads = cores.size() + (cores.size() == 1 ? " sending thread" : " sending threads");
        List<Integer> pinned = cores.stream().filter(c -> c >= 0).toList();
        if (pinned.isEmpty()) return Optional.of(threads + ", not pinned to cores");
        return Optional.of(threads + ", pinned to " + (pinned.size() == 1 ? "core " : "cores ")
                + pinned.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                + (pinned.size() < cores.size() ? " (" + (cores.size() - pinned.size()) + " not pinned)" : ""));
    }

    /** The engine notes of PREFLIGHT's choice, then what the source added while sending (its threads and their cores). */
    static List<String> engineNotes(SourceEngine chosen, TrafficStatus sent) {
        List<String> notes = new ArrayList<>(chosen != null ? chosen.notes() : sent.engineNotes() == null ? List.of() : sent.engineNotes());
        senderWords(sent).ifPresent(notes::add);
        return List.copyOf(notes);
    }

    /** Above this share, a gap between two counts of the same packets is worth a warning. */
    static final double GAP = 0.001;

    /**
     * Where packets the source claims vanished: before its egress interface's kernel counter, or
     * between that and the sink. Empty when the counts agree within {@link #GAP}.
     */
    static List<String> countGaps(TrafficSpec spec, TrafficSummary t) {
        List<String> gaps = new ArrayList<>();
        long claimed = t.txPackets();
        long wire = claimed;
        if (t.egressTxPackets() >= 0 && claimed > 0 && t.egressTxPackets() < claimed * (1 - GAP)) {
            gaps.add(String.format(java.util.Locale.ROOT,
                    "%s %s counted %,d of the %,d packets the source claims: %,d vanished on %s before the wire%s",
                    spec.source(), t.egressInterface(), t.egressTxPackets(), claimed, claimed - t.egressTxPackets(), spec.source(),
                    t.engine() == dev.labdeck.protocol.TrafficEngine.XDP_LIVE
                            ? " (a veth peer without an XDP program and with GRO off drops XDP frames)" : ""));
            wire = t.egressTxPackets();
        }
        if (wire > 0 && t.rxPackets() < wire * (1 - GAP)) {
            gaps.add(String.format(java.util.Locale.ROOT,
                    "the sink on %s received %,d of the %,d packets that left %s%s: %,d lost on the way or in %s's kernel",
                    spec.sink(), t.rxPackets(), wire, spec.source(), t.egressInterface() == null ? "" : " " + t.egressInterface(),
                    wire - t.rxPackets(), spec.sink()));
        }
        return gaps;
    }

    /**
     * How long the source sent: when it ran to its end, the requested duration or, when a stall
     * made it catch up after that, the longer time it really took (so the achieved rate is never
     * flattered); else its own monotonic sending time, else the wall clock.
     */
    private static double sendingSeconds(TrafficStatus sent, Duration requested) {
        if (requested != null && sent.state() == dev.labdeck.protocol.TrafficState.DONE) return Math.max(requested.toNanos(), sent.sendingNanos()) / 1e9;
        if (sent.sendingNanos() > 0) return sent.sendingNanos() / 1e9;
        return Math.max(0, sent.endedAtMs() - sent.startedAtMs()) / 1000.0;
    }

    private TrafficStatus awaitSource(AgentClient source, long durationMs) throws RunFailure {
        // generous: a slow host may start late, but a source that never ends is a failure, not a hang
        long deadline = System.currentTimeMillis() + durationMs + Math.max(15_000, durationMs / 2);
        while (true) {
            TrafficStatus s = collect(spec.source(), "traffic", source::trafficStatus, source::trafficStatus);
            String state = s == null ? "unknown" : s.state().json();
            if (s != null) {
                switch (s.state()) {
                    case DONE, STOPPED -> {
                        return s;
                    }
                    case ERROR -> throw new RunFailure(spec.source(), "traffic",
                            "the traffic source failed: " + (s.error() == null ? "no reason given" : s.error()));
                    case IDLE, RUNNING -> {
                        // still going (or not begun yet): ask again below
                    }
                }
            }
            if (ctx.stopping()) {
                throw new RunFailure(null, "measure", "stopped while traffic was running");
            }
            if (System.currentTimeMillis() > deadline) {
                throw new RunFailure(spec.source(), "traffic", "the source was still '" + state
                        + "' long after its " + durationMs / 1000.0 + " s should have ended");
            }
            sleep(POLL);
        }
    }

    /** Waits until every sent packet arrived, or the count stops moving, but at least the cooldown. */
    private void drain(AgentClient sink, long sent) throws RunFailure {
        Duration cooldown = orZero(spec.cooldown());
        long start = System.currentTimeMillis();
        long minEnd = start + cooldown.toMillis();
        long hardEnd = start + Math.max(cooldown.toMillis(), MIN_DRAIN.toMillis()) + SETTLED.toMillis();
        long last = -1;
        long stillSince = start;
        while (true) {
            SinkStatus s = collect(spec.sink(), "drain sink", sink::sinkStatus, sink::sinkStatus);
            long now = System.currentTimeMillis();
            long got = s == null ? 0 : s.packets();
            if (s != null && s.state() == SinkState.ERROR) {
                throw new RunFailure(spec.sink(), "sink", "the sink failed: " + s.error());
            }
            if (got != last) {
                last = got;
                stillSince = now;
            }
            boolean drained = got >= sent || now - stillSince >= SETTLED.toMillis();
            if ((drained && now >= minEnd) || now >= hardEnd || ctx.stopping()) {
                return;
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private void waitFor(Duration d) throws RunFailure {
        long end = System.currentTimeMillis() + d.toMillis();
        while (System.currentTimeMillis() < end) {
            if (ctx.stopping()) {
                throw new RunFailure(null, "warmup", "stopped during warmup");
            }
            sleep(Duration.ofMillis(Math.min(100, Math.max(1, end - System.currentTimeMillis()))));
        }
    }

    private static void sleep(Duration d) throws RunFailure {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailure(null, "measure", "interrupted");
        }
    }

    interface AgentCall<T> {
        T call() throws AgentException;
    }

    /** Pauses before the 2nd, 3rd and 4th attempt to read final counters: within a few seconds in all. */
    static final List<Duration> COLLECT_BACKOFF = List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));

    /**
     * Reads final counters, retrying a failed read with backoff ({@link #COLLECT_BACKOFF}): a dropped
     * tunnel (reopened by the heartbeat) or an agent answering an error once must not lose the
     * figures. Each retry is a warn event naming host and step; after the last attempt the failure
     * names them too, and the run keeps what it had counted.
     */
    private <T> T collect(String host, String step, AgentCall<T> first, AgentCall<T> again) throws RunFailure {
        AgentException last;
        try {
            return first.call();
        } catch (AgentException e) {
            last = e;
        }
        // a run already failing (a host lost by its heartbeat, an abort) is not held up by retries
        for (int i = 0; i < COLLECT_BACKOFF.size() && !ctx.stopping(); i++) {
            Duration pause = COLLECT_BACKOFF.get(i);
            ctx.warn(host, "collect.retry", String.format(java.util.Locale.ROOT, "%s failed (%s); attempt %d of %d in %.1f s",
                    step, last.detail(), i + 2, COLLECT_BACKOFF.size() + 1, pause.toMillis() / 1000.0));
            try {
                Thread.sleep(pause);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                T t = again.call();
                ctx.info(host, "collect.retried", step + " answered at attempt " + (i + 2));
                return t;
            } catch (AgentException e) {
                last = e;
            }
        }
        throw new RunFailure(host, step, last.detail() + " (after " + (COLLECT_BACKOFF.size() + 1) + " attempts)", last);
    }

    private static <T> T call(String host, String step, AgentCall<T> c) throws RunFailure {
        try {
            return c.call();
        } catch (AgentException e) {
            throw new RunFailure(host, step, e.detail(), e);
        }
    }

    private static void quietly(AgentCall<?> c) {
        try {
            c.call();
        } catch (AgentException | RuntimeException e) {
            LOG.debug("cleanup: {}", e.getMessage());
        }
    }

    private static Map<Integer, FlowCounters> byFlow(List<FlowCounters> flows) {
        Map<Integer, FlowCounters> m = new HashMap<>();
        if (flows != null) {
            for (FlowCounters f : flows) {
                m.put(f.flowId(), f);
            }
        }
        return m;
    }

    private static double percent(long part, long whole) {
        return whole <= 0 ? 0 : Math.round(part * 100.0 / whole * 1000.0) / 1000.0;
    }

    private static double round(double v) {
        return Math.round(v * 10.0) / 10.0;
    }

    private static Duration orZero(Duration d) {
        return d == null || d.isNegative() ? Duration.ZERO : d;
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
