package dev.labdeck.agent.traffic;

import dev.labdeck.protocol.AgentLimits;
import dev.labdeck.protocol.Flow;
import dev.labdeck.protocol.FlowCounters;
import dev.labdeck.protocol.PayloadFormat;
import dev.labdeck.protocol.SourceEngine;
import dev.labdeck.protocol.TrafficEngine;
import dev.labdeck.protocol.TrafficStart;
import dev.labdeck.protocol.TrafficStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP traffic source: paces the flows against the clock and hands their packets to a
 * {@link PacketEngine}. Each tick (at least {@link #TICK_NANOS}) sends what is due by then, so
 * high rates cost a wake-up per tick, not per packet, and a late wake-up is caught up.
 *
 * <p>The source sends for the requested duration and then stops, whatever it reached: a rate
 * above what the engine can do ends on time with fewer packets, and the status says how many
 * (the controller reports that as generator-limited). At a rate it keeps up with it sends
 * exactly {@code pps × duration} packets; a short stall of the sending thread near the end is
 * caught up within a grace of a tenth of the duration (at most {@link #MAX_GRACE_NANOS}), and
 * {@code sendingNanos} says how long it really took.
 */
final class TrafficSource {
    private static final Logger log = LoggerFactory.getLogger(TrafficSource.class);
    static final long TICK_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    static final int MAX_PAYLOAD = AgentLimits.MAX_PAYLOAD_BYTES;
    /** The longest one hand-over to the engine should take, at the pace it showed so far. */
    static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** The most the tail of a slow rate is handed over early beyond the call cost (half a packet interval, at most this). */
    static final long SLOW_RATE_LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** A lane engine's call of at least this many frames measures the time per frame. */
    static final int LARGE_CALL = 4096;
    /** The most a lane engine's first calls carry, before any call's cost was measured. */
    static final long FIRST_LANE_BURST = 8192;
    /** From this rate {@code auto} takes xdp-live when it works; below it the socket engine keeps up. */
    static final long AUTO_XDP_LIVE_FROM_PPS = 200_000;
    /**
     * From this rate {@code auto} takes packet-ring when it works; below it the socket engine keeps up,
     * and its packets take the host's own way out (firewall, qdisc such as netem), which packet-ring skips.
     */
    static final long AUTO_PACKET_RING_FROM_PPS = 50_000;
    /** After the duration, how long a small backlog may still be sent (a tenth of the duration at most). */
    static final long MAX_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** The first burst, before the engine's pace is known. */
    static final int FIRST_BURST = 64;

    private final TrafficStart request;
    private final List<Flow> flows;
    private final InetAddress destination;
    private final InetAddress bind;
    private final long totalPackets;
    private final long durationNanos;
    private final AtomicLongArray packets;
    /** Cumulative flow shares, null when all flows share equally. */
    private final long[] weights;
    private final AtomicLongArray bytes;
    private final Consumer<TrafficStatus> onFinished;
    /** The probe's frames go to the discard port and carry no LabDeck header, so no sink counts them. */
    static final int PROBE_FLOW_ID = -1;
    static final int PROBE_PORT = 9;
    static final int PROBE_FRAMES = 64;
    /** Sending threads are named this and their number ({@code /proc/<pid>/task/<tid>/comm} shows it, ≤ 15 characters). */
    static final String SENDER_THREAD = "traffic-tx-";

    private volatile PacketEngine engine;
    private volatile String egressDevice;
    private volatile int probeFrames;
    private volatile long egressTxBefore = -1;
    private volatile long egressTxAfter = -1;
    private volatile List<String> engineNotes = List.of();
    private volatile long sendErrors;
    private volatile String state = "idle";
    private volatile String error;
    private volatile long startedAtMs;
    private volatile long endedAtMs;
    private volatile long sendingNanos;
    private volatile boolean stopRequested;
    private Thread thread;
    /** True while answering PREFLIGHT's question (nothing sent to the destination). */
    private volatile boolean checking;
    /** Why xdp-live works only once PREPARE attached the receiver's XDP program, or null. */
    private volatile String xdpLiveLater;
    /** Which flows each sending thread owns and the core it is pinned to. */
    private final SenderPlan plan;
    private volatile List<PacketEngine> engines = List.of();
    private final List<Thread> senders = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The core each sending thread runs pinned to, -1 where pinning failed; set by the thread itself. */
    private final java.util.concurrent.atomic.AtomicIntegerArray pinnedTo;

    /** Validates the request; nothing is opened yet. */
    TrafficSource(TrafficStart request, Consumer<TrafficStatus> onFinished) {
        this.request = request;
        this.onFinished = onFinished;
        if (request.destination() == null || request.destination().isBlank()) {
            throw TrafficException.invalid("destination is required");
        }
        if (request.flows() == null || request.flows().isEmpty()) throw TrafficException.invalid("at least one flow is required");
        Set<Integer> ids = new HashSet<>();
        for (Flow f : request.flows()) {
            if (f == null) throw TrafficException.invalid("a flow is null");
            if (f.id() < 0) throw TrafficException.invalid("flow id " + f.id() + " is negative");
            if (!ids.add(f.id())) throw TrafficException.invalid("flow id " + f.id() + " appears twice");
            if (f.dstPort() < 1 || f.dstPort() > 65535) throw TrafficException.invalid("flow " + f.id() + ": dst_port " + f.dstPort() + " is not 1..65535");
            if (f.srcPort() < 0 || f.srcPort() > 65535) throw TrafficException.invalid("flow " + f.id() + ": src_port " + f.srcPort() + " is not 0..65535");
            if (f.share() < 0) throw TrafficException.invalid("flow " + f.id() + ": share " + f.share() + " is negative");
            if (f.payloadBytes() != 0 && f.payloadBytes() != Flow.IMIX
                    && (f.payloadBytes() < PayloadFormat.HEADER_BYTES || f.payloadBytes() > MAX_PAYLOAD)) {
                throw TrafficException.invalid("flow " + f.id() + ": payload_bytes must be " + PayloadFormat.HEADER_BYTES + ".."
                        + MAX_PAYLOAD + ", 0 (the request's) or " + Flow.IMIX + " (IMIX), got " + f.payloadBytes());
            }
            dev.labdeck.protocol.PayloadPattern.problem(f.payload()).ifPresent(p -> {
                throw TrafficException.invalid("flow " + f.id() + ": " + p);
            });
        }
        if (request.pps() <= 0 || request.pps() > TrafficStart.MAX_PPS) {
            throw TrafficException.invalid("pps must be 1.." + TrafficStart.MAX_PPS + ", got " + request.pps());
        }
        if (request.payloadBytes() != Flow.IMIX
                && (request.payloadBytes() < PayloadFormat.HEADER_BYTES || request.payloadBytes() > MAX_PAYLOAD)) {
            throw TrafficException.invalid("payload_bytes must be " + PayloadFormat.HEADER_BYTES + ".." + MAX_PAYLOAD
                    + " (the LabDeck header takes " + PayloadFormat.HEADER_BYTES + "), got " + request.payloadBytes());
        }
        if (request.durationMs() <= 0) throw TrafficException.invalid("duration_ms must be positive, got " + request.durationMs());
        if (request.threads() < 0) throw TrafficException.invalid("threads must be 0 (auto) or more, got " + request.threads());
        try {
            this.destination = InetAddress.getByName(request.destination());
            this.bind = request.bindAddress() == null || request.bindAddress().isBlank() ? null : InetAddress.getByName(request.bindAddress());
        } catch (UnknownHostException e) {
            throw TrafficException.invalid("unknown address: " + e.getMessage());
        }
        this.flows = List.copyOf(request.flows());
        this.durationNanos = TimeUnit.MILLISECONDS.toNanos(request.durationMs());
        this.totalPackets = dueBy(durationNanos, request.pps());
        this.weights = cumulativeShares(flows);
        this.packets = new AtomicLongArray(flows.size());
        this.bytes = new AtomicLongArray(flows.size());
        this.plan = SenderPlan.of(request.threads(), flows.size(), allowedCores());
        this.pinnedTo = new java.util.concurrent.atomic.AtomicIntegerArray(plan.threads());
        for (int t = 0; t < plan.threads(); t++) pinnedTo.set(t, -1);
    }

    /** The cores this agent may run on (its affinity mask), empty when the host cannot tell. */
    private static java.util.SortedSet<Integer> allowedCores() {
        try {
            return dev.labdeck.nativeio.CpuAffinity.get(0);
        } catch (dev.labdeck.nativeio.NativeCallException | RuntimeException | LinkageError e) {
            log.info("traffic: cannot read this agent's CPU affinity ({}); sending threads are not pinned", e.toString());
            return new java.util.TreeSet<>();
        }
    }

    /** An opened engine and why it was chosen. */
    private record Chosen(PacketEngine engine, List<String> notes) {}

    /**
     * Opens the engine: for {@code auto} the fastest that works here, noting why it skipped the
     * others; a named engine that cannot work is refused with the reason.
     */
    private Chosen choose() {
        TrafficEngine asked = request.engineOrAuto();
        List<TrafficEngine> candidates = asked == TrafficEngine.AUTO
                ? List.of(TrafficEngine.XDP_LIVE, TrafficEngine.PACKET_RING, TrafficEngine.SOCKET) : List.of(asked);
        List<String> notes = new ArrayList<>();
        PacketEngine opened = null;
        for (TrafficEngine kind : candidates) {
            if (asked == TrafficEngine.AUTO && kind == TrafficEngine.XDP_LIVE && request.pps() < AUTO_XDP_LIVE_FROM_PPS) {
                // its frames leave in bursts at line rate; below this the socket engine keeps up, paced more evenly
                notes.add(kind + ": not needed below " + String.format(java.util.Locale.ROOT, "%,d", AUTO_XDP_LIVE_FROM_PPS) + " pps");
                continue;
            }
            if (asked == TrafficEngine.AUTO && kind == TrafficEngine.PACKET_RING && request.pps() < AUTO_PACKET_RING_FROM_PPS) {
                notes.add(kind + ": not needed below " + String.format(java.util.Locale.ROOT, "%,d", AUTO_PACKET_RING_FROM_PPS) + " pps");
                continue;
            }
            try {
                opened = open(kind);
                break;
            } catch (EngineUnavailableException e) {
                notes.add(kind + ": " + e.getMessage());
                log.info("traffic engine {} skipped: {}", kind, e.getMessage());
            }
        }
        if (opened == null) {
            if (asked == TrafficEngine.SOCKET) {
                throw TrafficException.conflict("cannot open the traffic sockets to " + request.destination() + ": "
                        + String.join("; ", notes));
            }
            throw TrafficException.unavailable("the " + asked + " engine cannot send from this host: " + String.join("; ", notes));
        }
        if (xdpLiveLater != null && opened.kind() == TrafficEngine.XDP_LIVE) notes.add("xdp-live: " + xdpLiveLater);
        if (probeFrames > 0) {
            notes.add(opened.kind() + ": proved with " + probeFrames + " probe frames to UDP port " + PROBE_PORT
                    + " (they count on the egress interface)");
        }
        notes.addAll(plan.notes());
        return new Chosen(opened, List.copyOf(notes));
    }

    /** The sending threads this source runs. */
    int threads() {
        return plan.threads();
    }

    /**
     * Which engine this request would send with, and why the faster ones were skipped; opens it
     * and closes it again without sending to the destination (PREFLIGHT).
     */
    SourceEngine check() {
        checking = true;
        Chosen c = choose();
        try {
            PacketEngine e = c.engine();
            String device = egressDevice(e);
            return new SourceEngine(e.kind(), threads(), c.notes(), device);
        } finally {
            c.engine().close();
        }
    }

    /** Opens the engine (see {@link #choose}) and starts sending. */
    void start() {
        Chosen c = choose();
        engine = c.engine();
        // one engine per sending thread: an engine is used by one thread at a time (its own sockets, frames, program)
        List<PacketEngine> all = new ArrayList<>();
        all.add(engine);
        try {
            for (int t = 1; t < plan.threads(); t++) all.add(open(engine.kind()));
        } catch (EngineUnavailableException | RuntimeException e) {
            all.forEach(PacketEngine::close);
            throw TrafficException.unavailable("the " + engine.kind() + " engine opened once but not for sending thread "
                    + (all.size() + 1) + " of " + plan.threads() + ": " + e.getMessage());
        }
        engines = List.copyOf(all);
        engineNotes = c.notes();
        egressDevice = egressDevice(engine);
        egressTxBefore = egressTx();
        startedAtMs = System.currentTimeMillis();
        state = "running";
        thread = Thread.ofPlatform().name("traffic-source").daemon().start(this::send);
        log.info("traffic source started: {} engine{}, {} flows, {} pps, {} B, {} ms to {}, {} sending threads", engine.kind(),
                engine instanceof SocketBatchEngine ? " (sendmmsg batches of " + SocketBatchEngine.BATCH + ")" : "", flows.size(),
                request.pps(), request.payloadBytes(), request.durationMs(), request.destination(), plan.threads());
    }

    /** The interface the engine's packets leave by: its route's for engines that write frames, else the kernel's choice. */
    private String egressDevice(PacketEngine e) {
        if (e instanceof XdpLiveEngine x) return x.route().device();
        if (e instanceof PacketRingEngine r) return r.route().device();
        return EgressRoute.device(destination, bind);
    }

    private PacketEngine open(TrafficEngine kind) throws EngineUnavailableException {
        return switch (kind) {
            case XDP_LIVE -> openXdpLive();
            case PACKET_RING -> openPacketRing();
            case SOCKET, AUTO -> {
                try {
                    if (SocketBatchEngine.wanted()) {
                        try {
                            yield SocketBatchEngine.open(destination, bind, flows, request.payloadBytes());
                        } catch (dev.labdeck.nativeio.NativeUnavailableException e) {
                            log.info("traffic: sendmmsg is not available ({}); one write per packet", e.getMessage());
                        }
                    }
                    yield new SocketEngine(destination, bind, flows, request.payloadBytes());
                } catch (IOException e) {
                    throw new EngineUnavailableException(e.getMessage());
                }
            }
        };
    }

    /** The packet-ring engine on the route's interface (IPv4, Linux, CAP_NET_RAW). */
    private PacketEngine openPacketRing() throws EngineUnavailableException {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            throw new EngineUnavailableException("needs Linux");
        }
        if (!(destination instanceof java.net.Inet4Address v4)) throw new EngineUnavailableException("IPv4 destinations only");
        if (bind != null && !(bind instanceof java.net.Inet4Address)) throw new EngineUnavailableException("IPv4 source addresses only");
        if ("lo".equals(EgressRoute.device(destination, bind))) {
            throw new EngineUnavailableException("the destination is on this host (its packets go by lo, not a wire)");
        }
        try {
            return PacketRingEngine.open(EgressRoute.resolve(v4, bind), v4, flows, request.payloadBytes());
        } catch (IOException e) {
            throw new EngineUnavailableException(e.getMessage());
        }
    }

    /** The xdp-live engine, once a probe proved that its frames leave the egress interface. */
    private PacketEngine openXdpLive() throws EngineUnavailableException {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            throw new EngineUnavailableException("needs Linux");
        }
        if (!(destination instanceof java.net.Inet4Address v4)) throw new EngineUnavailableException("IPv4 destinations only");
        if (bind != null && !(bind instanceof java.net.Inet4Address)) throw new EngineUnavailableException("IPv4 source addresses only");
        EgressRoute route;
        try {
            route = EgressRoute.resolve(v4, bind);
        } catch (IOException e) {
            throw new EngineUnavailableException(e.getMessage());
        }
        Optional<VethPeer> peer = VethPeer.of(route.device());
        if (peer.isPresent() && peer.get().accepts().isPresent()) {
            VethPeer p = peer.get();
            if (!p.accepts().get()) {
                if (checking && request.receiverXdpAtPrepare()) {
                    // PREFLIGHT comes before PREPARE: the program the run attaches there makes the peer take the frames
                    xdpLiveLater = route.device() + "'s veth peer " + p.peer() + " drops XDP frames now (" + p.why()
                            + "), but the run attaches an XDP program on the receiver in PREPARE, before sending";
                } else {
                    throw new EngineUnavailableException(route.device() + " is a veth whose peer " + p.peer() + " would drop its frames: "
                            + p.why() + " (" + p.remedy() + ")" + (request.receiverXdpAtPrepare()
                            ? "; the XDP program the run attached in PREPARE is not on this peer" : ""));
                }
            }
            return XdpLiveEngine.open(route, v4, flows, request.payloadBytes());
        }
        // cannot tell from here: prove it with a few frames to the discard port, counted by the kernel
        List<Flow> withProbe = new ArrayList<>(flows);
        withProbe.add(new Flow(PROBE_FLOW_ID, PROBE_PORT, 0));
        XdpLiveEngine xdp = XdpLiveEngine.open(route, v4, withProbe, request.payloadBytes());
        try {
            long before = EgressRoute.txPackets(route.device());
            xdp.send(withProbe.size() - 1, PROBE_FRAMES);
            long counted = EgressRoute.txPackets(route.device()) - before;
            probeFrames = PROBE_FRAMES;
            if (counted < PROBE_FRAMES) {
                String why = peer.map(p -> ": it is a veth and " + p.why() + "; its peer needs an XDP program or GRO on")
                        .orElse(": the device does not transmit XDP frames (no ndo_xdp_xmit in its driver?)");
                throw new EngineUnavailableException(route.device() + " counted " + counted + " of " + PROBE_FRAMES
                        + " probe frames" + why);
            }
            return xdp;
        } catch (IOException e) {
            xdp.close();
            throw new EngineUnavailableException(e.getMessage());
        } catch (EngineUnavailableException | RuntimeException e) {
            xdp.close();
            throw e;
        }
    }

    private long egressTx() {
        if (egressDevice == null) return -1;
        try {
            return EgressRoute.txPackets(egressDevice);
        } catch (IOException e) {
            return -1;
        }
    }

    /** What one sending thread did. */
    private record Sent(long errors, long nanos, long calls, long nanosInCalls, String failure) {}

    /** Starts one sending thread per share of the flows, waits for them all, then reports. */
    private void send() {
        int n = plan.threads();
        Starter starter = new Starter(n);
        Sent[] results = new Sent[n];
        for (int t = 0; t < n; t++) {
            int index = t;
            senders.add(Thread.ofPlatform().name(SENDER_THREAD + t).daemon().start(() -> {
                try {
                    results[index] = sendShare(index, engines.get(index), starter);
                } finally {
                    starter.ready(); // a thread that failed before it was ready must not hold the others
                }
            }));
        }
        starter.go();
        for (Thread s : senders) {
            try {
                s.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopRequested = true;
            }
        }
        long errors = 0;
        long calls = 0;
        long nanosInCalls = 0;
        long nanos = 0;
        String failure = null;
        for (Sent r : results) {
            if (r == null) continue;
            errors += r.errors();
            calls += r.calls();
            nanosInCalls += r.nanosInCalls();
            nanos = Math.max(nanos, r.nanos());
            if (failure == null) failure = r.failure();
        }
        sendingNanos = nanos;
        sendErrors = errors;
        engines.forEach(PacketEngine::close);
        egressTxAfter = egressTx();
        endedAtMs = System.currentTimeMillis();
        if (failure != null) {
            error = failure;
            state = "error";
        } else {
            state = stopRequested ? "stopped" : "done";
        }
        log.info("traffic source {}: {} of {} packets in {} ms by {} threads on cores {}, {} send errors; {} hand-overs to the {} engine took {} ms",
                state, totalSent(), totalPackets, sendingNanos / 1_000_000, n, cores(), errors, calls, engine.kind(), nanosInCalls / 1_000_000);
        onFinished.accept(status());
    }

    /** The core each sending thread was pinned to (-1: not pinned). */
    List<Integer> cores() {
        List<Integer> out = new ArrayList<>(pinnedTo.length());
        for (int t = 0; t < pinnedTo.length(); t++) out.add(pinnedTo.get(t));
        return out;
    }

    /** Sending thread {@code t}: pinned to its core, it paces and sends its own flows against the shared clock. */
    /**
     * The shared start of the sending threads: taken once every thread is pinned and has its call
     * threads running (on a busy host that took tens of ms, which counted as sending time before).
     */
    private static final class Starter {
        private final java.util.concurrent.CountDownLatch ready;
        private final java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        private final ThreadLocal<Boolean> arrived = ThreadLocal.withInitial(() -> false);
        private volatile long start;

        Starter(int threads) {
            ready = new java.util.concurrent.CountDownLatch(threads);
        }

        /** This sending thread is ready (once per thread). */
        void ready() {
            if (!arrived.get()) {
                arrived.set(true);
                ready.countDown();
            }
        }

        /** Waits (a few seconds at most) for every thread to be ready, then starts the clock. */
        void go() {
            try {
                if (!ready.await(5, TimeUnit.SECONDS)) log.warn("traffic: not every sending thread was ready within 5 s; starting anyway");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            start = System.nanoTime();
            go.countDown();
        }

        /** Marks this thread ready and returns the shared start once every thread is. */
        long await() {
            ready();
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return start;
        }
    }

    private Sent sendShare(int t, PacketEngine e, Starter starter) {
        int core = plan.cores().get(t);
        if (core >= 0) {
            try {
                dev.labdeck.nativeio.CpuAffinity.set(0, List.of(core));
                pinnedTo.set(t, core);
            } catch (dev.labdeck.nativeio.NativeCallException | RuntimeException | LinkageError ex) {
                log.warn("sending thread {} not pinned to core {}: {}", t, core, ex.getMessage());
            }
        }
        if (e.lanes() > 1) return sendShareInLanes(t, e, starter, core);
        long start = starter.await();
        int[] mine = plan.flowsOf().get(t);
        int n = flows.size();
        long pps = request.pps();
        long[] attempted = new long[n];
        long errors = 0;
        long end = start + durationNanos;
        long myTotal = 0;
        for (int i : mine) myTotal += share(totalPackets, i);
        String failure = null;
        // a hand-over sends what is due, at most `cap` packets: cap doubles while capped hand-overs
        // take under half of BURST_NANOS and halves when one takes longer, and near the end it
        // shrinks with the time left, so the sender sees the clock often and stops on time even
        // when it cannot keep up. (xdp-live pays a fixed cost per call, tens of ms on a busy host,
        // and on veth also the peer's receive path; its bursts grow large to spread that cost.)
        long cap = FIRST_BURST;
        long calls = 0;
        long nanosInCalls = 0;
        long grace = Math.max(TICK_NANOS, Math.min(MAX_GRACE_NANOS, durationNanos / 10));
        long graceBacklog = totalPackets == 0 ? 0 : mulDivFloor(dueBy(grace, pps), myTotal, totalPackets) + mine.length;
        try {
            while (!stopRequested) {
                long now = System.nanoTime();
                boolean last = now >= end;
                long due = last ? totalPackets : dueBy(now - start, pps);
                if (last) {
                    long sum = 0;
                    for (int i : mine) sum += attempted[i];
                    // a backlog of at most `grace` worth of packets (a stall of the sending thread) still
                    // goes out, until end + grace at the latest; a larger one is what the engine could
                    // not reach. The controller's achieved rate is over the time actually taken.
                    if (myTotal - sum > graceBacklog || now - end > grace) break;
                }
                long behind = 0;
                for (int i : mine) {
                    if (stopRequested) break;
                    long want = share(due, i) - attempted[i];
                    if (want <= 0) continue;
                    long allowed = last ? cap : Math.max(1, (long) (cap * Math.min(1.0, (double) (end - now) / BURST_NANOS)));
                    int burst = (int) Math.min(want, allowed);
                    long t0 = System.nanoTime();
                    int sent = e.send(i, burst);
                    long took = Math.max(1, System.nanoTime() - t0);
                    calls++;
                    nanosInCalls += took;
                    if (took > BURST_NANOS) {
                        cap = Math.max(1, cap / 2);
                    } else if (burst == cap && took < BURST_NANOS / 2) {
                        cap = Math.min(e.maxBurst(), cap * 2);
                    }
                    attempted[i] += burst;
                    errors += burst - sent;
                    packets.lazySet(i, packets.get(i) + sent);
                    bytes.lazySet(i, e.bytes(i));
                    behind += want - burst;
                }
                if (last) {
                    if (behind == 0) break;
                    continue;
                }
                if (behind > 0) continue;
                long handed = 0;
                for (int i : mine) handed += attempted[i];
                // all of this thread's packets are out: the sending time ends with the last one, not
                // with a wake-up at the end of the duration (late on a busy host, it made an exact send look slow)
                if (handed >= myTotal) break;
                // sleep until this thread's next packet is due (absolute deadline from the shared start)
                long next = Long.MAX_VALUE;
                for (int i : mine) next = Math.min(next, nanosForShare(attempted[i] + 1, i, pps));
                long nextDue = start + Math.min(durationNanos, next);
                LockSupport.parkNanos(Math.max(TICK_NANOS, nextDue - System.nanoTime()));
            }
        } catch (IOException | RuntimeException ex) {
            if (!stopRequested) {
                failure = ex.toString();
                log.error("traffic source failed", ex);
            }
        }
        return new Sent(errors, System.nanoTime() - start, calls, nanosInCalls, failure);
    }

    /**
     * Sending thread {@code t} with an engine whose calls may overlap ({@link PacketEngine#lanes} > 1):
     * this thread paces against absolute deadlines and hands what is due to a free lane; each lane
     * has its own call thread (pinned to the same core, so one flow's frames leave in sequence
     * order), and a call's wait no longer holds the sending back. One lane is kept free for the
     * tail: everything still to send is handed over when the call cost (the slowest call of this
     * run so far, at least the engine's first guess, with a quarter more) before the end is reached,
     * so the last call has returned by the end. The calls' wait varies a lot (on kernel 6.18 from
     * microseconds, when the receiver has freed every frame, to over 100 ms on a busy host, when
     * the call waits out an RCU grace period), so the tail is planned by the slowest seen.
     */
    private Sent sendShareInLanes(int t, PacketEngine e, Starter starter, int core) {
        int[] mine = plan.flowsOf().get(t);
        long pps = request.pps();
        long myTotal = 0;
        for (int i : mine) myTotal += share(totalPackets, i);
        int lanes = e.lanes();
        Thread pacer = Thread.currentThread();
        java.util.concurrent.ArrayBlockingQueue<Integer> free = new java.util.concurrent.ArrayBlockingQueue<>(lanes);
        for (int l = 0; l < lanes; l++) free.add(l);
        java.util.concurrent.atomic.AtomicReference<String> failed = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong nanosInCalls = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong lastReturn = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong errors = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong slowest = new java.util.concurrent.atomic.AtomicLong(Math.max(e.callNanosGuess(), TICK_NANOS));
        java.util.concurrent.atomic.AtomicLong returned = new java.util.concurrent.atomic.AtomicLong();
        // wall time per frame (in 1/1000 ns) of the latest call large enough that its frames, not its wait, dominate
        java.util.concurrent.atomic.AtomicLong milliNanosPerFrame = new java.util.concurrent.atomic.AtomicLong();
        // the most one call carries: at first what falls due while one call of the engine's guessed cost
        // runs (no ramp from a small burst: the call's wait does not grow with it), at most
        // FIRST_LANE_BURST until calls were measured (on a busy host 50,000 frames took 2.2 s); doubled,
        // up to what falls due in BURST_NANOS, when a full call was quick; halved when a call that carried
        // at least half of it took longer than BURST_NANOS (the host cannot keep up: its frames cost the
        // time), so the run still ends about on time
        long maxCap = laneBurst(e, pps, mine.length, BURST_NANOS);
        java.util.concurrent.atomic.AtomicLong cap = new java.util.concurrent.atomic.AtomicLong(
                Math.min(Math.min(maxCap, FIRST_LANE_BURST), laneBurst(e, pps, mine.length, e.callNanosGuess())));
        List<Long> took = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger laneThreads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(lanes, r ->
                Thread.ofPlatform().name("xdp-call-" + t + "." + laneThreads.getAndIncrement()).daemon().unstarted(() -> {
                    if (core >= 0) {
                        try {
                            dev.labdeck.nativeio.CpuAffinity.set(0, List.of(core));
                        } catch (dev.labdeck.nativeio.NativeCallException | RuntimeException | LinkageError ex) {
                            log.warn("call thread of sending thread {} not pinned to core {}: {}", t, core, ex.getMessage());
                        }
                    }
                    r.run();
                }));
        ((java.util.concurrent.ThreadPoolExecutor) callers).prestartAllCoreThreads();
        long start = starter.await();
        long end = start + durationNanos;
        lastReturn.set(start);
        // at slow rates the tail (a packet per flow or so) may go up to half a packet interval early
        // (at most SLOW_RATE_LEAD_NANOS) at no cost to the spacing, which covers a call slower than any before
        long slowRateLead = Math.min(SLOW_RATE_LEAD_NANOS, nanosFor(1, Math.max(1, pps / mine.length)) / 2);
        long[] handed = new long[flows.size()];
        long handedSum = 0;
        long grace = Math.max(TICK_NANOS, Math.min(MAX_GRACE_NANOS, durationNanos / 10));
        long graceBacklog = totalPackets == 0 ? 0 : mulDivFloor(dueBy(grace, pps), myTotal, totalPackets) + mine.length;
        try {
            while (!stopRequested && failed.get() == null && handedSum < myTotal) {
                long now = System.nanoTime();
                long cost = slowest.get();
                long tailAt = end - Math.max(cost + cost / 4 + TICK_NANOS, slowRateLead);
                boolean tail = now >= tailAt;
                if (now >= end && (myTotal - handedSum > graceBacklog || now - end > grace)) break; // what the engine could not reach
                long dueNow = dueBy(now - start, pps);
                long due = tail ? totalPackets : dueNow;
                // keeping up: what is due by now is handed over but for about one call's worth per flow
                long backlog = 0;
                for (int f : mine) backlog += Math.max(0, share(dueNow, f) - handed[f]);
                boolean keepingUp = backlog <= cap.get() * mine.length;
                boolean waiting = false;
                while (true) {
                    // the flow furthest behind first, so no flow waits behind the others for a lane
                    int i = -1;
                    long want = 0;
                    for (int f : mine) {
                        long w = share(due, f) - handed[f];
                        if (w > want) {
                            want = w;
                            i = f;
                        }
                    }
                    if (i < 0) break;
                    {
                        // before the tail one lane stays free, so the tail's call starts on time
                        Integer lane = tail || free.size() > 1 ? free.poll() : null;
                        if (lane == null) {
                            waiting = true;
                            break;
                        }
                        int flow = i;
                        // the tail goes in one call per flow while the engine keeps up; otherwise every call is
                        // bounded so that its frames, at the time per frame the engine took, are out by the end:
                        // on a host that cannot keep up, calls shrink as the end nears instead of overrunning it
                        long bound = tail && keepingUp ? want : cap.get();
                        long perFrame = milliNanosPerFrame.get();
                        if (!(tail && keepingUp) && perFrame > 0) {
                            bound = Math.min(bound, Math.max(FIRST_BURST, mulDivFloor(Math.max(0, end - now), 1000, perFrame)));
                        }
                        int burst = (int) Math.min(Integer.MAX_VALUE, Math.min(want, bound));
                        handed[i] += burst;
                        handedSum += burst;
                        callers.execute(() -> {
                            try {
                                long t0 = System.nanoTime();
                                int sent = e.send(lane, flow, burst);
                                long t1 = System.nanoTime();
                                calls.incrementAndGet();
                                nanosInCalls.addAndGet(t1 - t0);
                                took.add(t1 - t0);
                                slowest.accumulateAndGet(t1 - t0, Math::max);
                                if (burst >= LARGE_CALL) milliNanosPerFrame.set(Math.max(1, mulDivFloor(t1 - t0, 1000, burst)));
                                log.debug("lane {}: {} packets of flow {}, call started at {} ms, took {} ms", lane, burst, flow,
                                        (t0 - start) / 1_000_000, (t1 - t0) / 1_000_000);
                                if (t1 - t0 > BURST_NANOS) {
                                    cap.accumulateAndGet(burst, (c, b) -> 2 * b >= c ? Math.max(FIRST_BURST, c / 2) : c);
                                } else if (t1 - t0 < BURST_NANOS / 2) {
                                    cap.accumulateAndGet(burst, (c, b) -> b >= c ? Math.min(maxCap, c * 2) : c);
                                }
                                returned.addAndGet(sent);
                                errors.addAndGet(burst - sent);
                                packets.addAndGet(flow, sent);
                                bytes.accumulateAndGet(flow, e.bytes(flow), Math::max);
                                lastReturn.accumulateAndGet(t1, Math::max);
                            } catch (IOException | RuntimeException ex) {
                                if (!stopRequested && failed.compareAndSet(null, ex.toString())) log.error("traffic source failed", ex);
                            } finally {
                                free.add(lane);
                                LockSupport.unpark(pacer);
                            }
                        });
                    }
                }
                if (handedSum >= myTotal) break;
                // sleep until a lane frees (it wakes this thread), the next packet falls due or the tail starts
                long wake = tail ? end + grace : tailAt;
                if (!waiting) {
                    long next = Long.MAX_VALUE;
                    for (int i : mine) next = Math.min(next, nanosForShare(handed[i] + 1, i, pps));
                    wake = Math.min(wake, start + Math.min(durationNanos, next));
                }
                LockSupport.parkNanos(Math.max(TICK_NANOS / 10, wake - System.nanoTime()));
            }
        } finally {
            callers.shutdown();
            try {
                while (!callers.awaitTermination(5, TimeUnit.SECONDS)) {
                    log.warn("sending thread {}: waiting for {} live-frames calls to return", t, lanes - free.size());
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i : mine) bytes.set(i, e.bytes(i));
        if (!took.isEmpty()) {
            List<Long> sorted = new ArrayList<>(took);
            java.util.Collections.sort(sorted);
            log.info("sending thread {}: {} calls on {} lanes, each took {} / {} / {} ms (min / median / max)", t, sorted.size(), lanes,
                    sorted.get(0) / 1e6, sorted.get(sorted.size() / 2) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
        }
        return new Sent(errors.get(), lastReturn.get() - start, calls.get(), nanosInCalls.get(), failed.get());
    }

    /**
     * What one call of a lane engine carries for one of {@code flows} flows sent at {@code pps}:
     * what falls due in {@code nanos}, at least {@link #FIRST_BURST}, at most the engine's
     * {@link PacketEngine#maxBurst}.
     */
    static long laneBurst(PacketEngine e, long pps, int flows, long nanos) {
        return Math.max(FIRST_BURST, Math.min(e.maxBurst(), dueBy(nanos, pps) / Math.max(1, flows) + 1));
    }

    /** Flow {@code i}'s part of the first {@code due} packets of the whole source. */
    private long share(long due, int i) {
        return weights == null ? flowDue(due, i, flows.size()) : flowDue(due, i, weights);
    }

    /**
     * When (ns from the start) flow {@code i} is due its {@code k}-th packet: the first moment its
     * share of what is due reaches {@code k}, found by bisection over the whole source's count.
     */
    private long nanosForShare(long k, int i, long pps) {
        long lo = 0;
        long hi = totalPackets;
        if (share(hi, i) < k) return durationNanos;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (share(mid, i) >= k) hi = mid; else lo = mid + 1;
        }
        return nanosFor(lo, pps);
    }

    private static long mulDivFloor(long a, long b, long c) {
        return mulDiv(a, b, c);
    }

    /**
     * Flow {@code i}'s share of the first {@code due} packets when {@code n} flows take turns:
     * over all flows these add up to {@code due} exactly, and each grows with {@code due}.
     */
    static long flowDue(long due, int i, int n) {
        return (due + n - 1 - i) / n;
    }

    /**
     * Flow {@code i}'s share of the first {@code due} packets when flows take shares by their weights
     * ({@code cumulative[i]} is the sum of the weights before flow i, {@code cumulative[n]} all of them):
     * over all flows these add up to {@code due} exactly, and each ends at its share of the total.
     */
    static long flowDue(long due, int i, long[] cumulative) {
        long all = cumulative[cumulative.length - 1];
        return mulDiv(due, cumulative[i + 1], all) - mulDiv(due, cumulative[i], all);
    }

    /** The cumulative weights of {@code flows}, or null when every flow has the same share. */
    static long[] cumulativeShares(List<Flow> flows) {
        boolean equal = flows.stream().mapToInt(Flow::shareOrOne).distinct().count() <= 1;
        if (equal) return null;
        long[] c = new long[flows.size() + 1];
        for (int i = 0; i < flows.size(); i++) c[i + 1] = c[i] + flows.get(i).shareOrOne();
        return c;
    }

    /** Packets due after {@code elapsed} ns at {@code pps}, without overflowing for long runs. */
    static long dueBy(long elapsedNanos, long pps) {
        return elapsedNanos / 1_000_000_000L * pps + mulDiv(elapsedNanos % 1_000_000_000L, pps, 1_000_000_000L);
    }

    /** When (ns from start) packet number {@code count} is due. */
    static long nanosFor(long count, long pps) {
        return count / pps * 1_000_000_000L + mulDiv(count % pps, 1_000_000_000L, pps);
    }

    /** a × b / c for a, b, c ≥ 0 without overflow (a × b may exceed a long at a billion pps). */
    private static long mulDiv(long a, long b, long c) {
        long hi = Math.multiplyHigh(a, b);
        if (hi == 0 && a * b >= 0) return a * b / c;
        return java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.valueOf(b)).divide(java.math.BigInteger.valueOf(c)).longValue();
    }

    /** Stops early and waits for the sender to finish. */
    void stop() {
        stopRequested = true;
        Thread t = thread;
        if (t == null) return;
        LockSupport.unpark(t);
        senders.forEach(LockSupport::unpark);
        try {
            if (!t.join(Duration.ofSeconds(2))) {
                engines.forEach(PacketEngine::close); // a send blocked on a full buffer: closing ends it
                t.join(Duration.ofSeconds(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean running() {
        return "running".equals(state);
    }

    long totalSent() {
        long sum = 0;
        for (int i = 0; i < flows.size(); i++) sum += packets.get(i);
        return sum;
    }

    List<FlowCounters> flowCounters() {
        List<FlowCounters> out = new ArrayList<>(flows.size());
        for (int i = 0; i < flows.size(); i++) {
            out.add(new FlowCounters(flows.get(i).id(), flows.get(i).dstPort(), packets.get(i), bytes.get(i), 0, 0, 0));
        }
        return out;
    }

    long sendErrors() {
        return sendErrors;
    }

    TrafficEngine engineKind() {
        PacketEngine e = engine;
        return e == null ? null : e.kind();
    }

    TrafficStatus status() {
        // state is read once and first: the sender writes it last, so a finished state comes with the final
        // counters, sending time and egress count (reading it twice could pair "done" with a running figure)
        String s = state;
        boolean running = "running".equals(s);
        List<FlowCounters> perFlow = flowCounters();
        long p = 0;
        long b = 0;
        for (FlowCounters c : perFlow) {
            p += c.packets();
            b += c.bytes();
        }
        long nanos = running ? 0 : sendingNanos;
        long before = egressTxBefore;
        long now = running ? egressTx() : egressTxAfter;
        long egress = before < 0 || now < 0 ? -1 : now - before;
        return new TrafficStatus(dev.labdeck.protocol.TrafficState.of(s), startedAtMs, endedAtMs, p, b, sendErrors, perFlow, error, engineKind(),
                request.pps(), nanos, engineNotes, egressDevice, egress, engines.isEmpty() ? List.of() : cores());
    }
}
