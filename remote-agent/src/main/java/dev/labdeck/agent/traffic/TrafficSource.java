package dev.labdeck.agent.traffic;

import dev.labdeck.agent.http.HttpStatusException;
import dev.labdeck.protocol.AgentLimits;
import dev.labdeck.protocol.Flow;
import dev.labdeck.protocol.FlowCounters;
import dev.labdeck.protocol.PayloadFormat;
import dev.labdeck.protocol.TrafficStart;
import dev.labdeck.protocol.TrafficStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP traffic source: one connected socket per flow, the flows taking turns, the total rate
 * paced against the clock. Each tick (at least {@link #TICK_NANOS}) sends every packet that is due
 * by then, so high rates cost a wake-up per tick rather than per packet, and a late wake-up is
 * caught up instead of lowering the rate. Exactly {@code pps × duration} packets are sent.
 */
final class TrafficSource {
    private static final Logger log = LoggerFactory.getLogger(TrafficSource.class);
    static final long TICK_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    static final long MAX_PPS = AgentLimits.MAX_PPS;
    static final int MAX_PAYLOAD = AgentLimits.MAX_PAYLOAD_BYTES;

    private final TrafficStart request;
    private final List<Flow> flows;
    private final InetAddress destination;
    private final long totalPackets;
    private final AtomicLongArray packets;
    private final AtomicLongArray bytes;
    private final Consumer<TrafficStatus> onFinished;
    private final List<DatagramChannel> channels = new ArrayList<>();
    private volatile long sendErrors;
    private volatile String state = "idle";
    private volatile String error;
    private volatile long startedAtMs;
    private volatile long endedAtMs;
    private volatile boolean stopRequested;
    private Thread thread;

    /** Validates the request; nothing is opened yet. */
    TrafficSource(TrafficStart request, Consumer<TrafficStatus> onFinished) {
        this.request = request;
        this.onFinished = onFinished;
        if (request.destination() == null || request.destination().isBlank()) {
            throw HttpStatusException.badRequest("destination is required");
        }
        if (request.flows() == null || request.flows().isEmpty()) throw HttpStatusException.badRequest("at least one flow is required");
        Set<Integer> ids = new HashSet<>();
        for (Flow f : request.flows()) {
            if (f == null) throw HttpStatusException.badRequest("a flow is null");
            if (!ids.add(f.id())) throw HttpStatusException.badRequest("flow id " + f.id() + " appears twice");
            if (f.dstPort() < 1 || f.dstPort() > 65535) throw HttpStatusException.badRequest("flow " + f.id() + ": dst_port " + f.dstPort() + " is not 1..65535");
            if (f.srcPort() < 0 || f.srcPort() > 65535) throw HttpStatusException.badRequest("flow " + f.id() + ": src_port " + f.srcPort() + " is not 0..65535");
        }
        if (request.pps() <= 0 || request.pps() > MAX_PPS) throw HttpStatusException.badRequest("pps must be 1.." + MAX_PPS + ", got " + request.pps());
        if (request.payloadBytes() < PayloadFormat.HEADER_BYTES || request.payloadBytes() > MAX_PAYLOAD) {
            throw HttpStatusException.badRequest("payload_bytes must be " + PayloadFormat.HEADER_BYTES + ".." + MAX_PAYLOAD
                    + " (the LabDeck header takes " + PayloadFormat.HEADER_BYTES + "), got " + request.payloadBytes());
        }
        if (request.durationMs() <= 0) throw HttpStatusException.badRequest("duration_ms must be positive, got " + request.durationMs());
        try {
            this.destination = InetAddress.getByName(request.destination());
        } catch (UnknownHostException e) {
            throw HttpStatusException.badRequest("unknown destination " + request.destination());
        }
        this.flows = List.copyOf(request.flows());
        this.totalPackets = Math.multiplyExact(request.pps(), request.durationMs()) / 1000;
        this.packets = new AtomicLongArray(flows.size());
        this.bytes = new AtomicLongArray(flows.size());
    }

    /** Opens one socket per flow (a bind or connect failure is a 409 naming the flow) and starts sending. */
    void start() {
        try {
            for (Flow f : flows) {
                DatagramChannel ch = DatagramChannel.open(destination.getAddress().length == 4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
                channels.add(ch);
                ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
                InetAddress bind = request.bindAddress() == null || request.bindAddress().isBlank() ? null : InetAddress.getByName(request.bindAddress());
                ch.bind(new InetSocketAddress(bind, f.srcPort()));
                ch.connect(new InetSocketAddress(destination, f.dstPort()));
            }
        } catch (IOException | RuntimeException e) {
            closeChannels();
            throw HttpStatusException.conflict("cannot open the traffic sockets to " + request.destination() + ": " + e.getMessage());
        }
        startedAtMs = System.currentTimeMillis();
        state = "running";
        thread = Thread.ofPlatform().name("traffic-source").daemon().start(this::send);
        log.info("traffic source started: {} flows, {} pps, {} B, {} ms to {}", flows.size(), request.pps(),
                request.payloadBytes(), request.durationMs(), request.destination());
    }

    private void send() {
        int n = flows.size();
        ByteBuffer[] buffers = new ByteBuffer[n];
        long[] seq = new long[n];
        for (int i = 0; i < n; i++) {
            buffers[i] = ByteBuffer.allocateDirect(request.payloadBytes()).order(ByteOrder.BIG_ENDIAN);
            buffers[i].putInt(PayloadFormat.OFFSET_MAGIC, PayloadFormat.MAGIC);
            buffers[i].putInt(PayloadFormat.OFFSET_FLOW, flows.get(i).id());
        }
        long pps = request.pps();
        Instant epoch = Instant.now();
        long startNanos = System.nanoTime();
        long epochNanos = epoch.getEpochSecond() * 1_000_000_000L + epoch.getNano();
        long sent = 0; // packets attempted, over all flows
        long errors = 0;
        int flow = 0;
        String failure = null;
        try {
            while (sent < totalPackets && !stopRequested) {
                long now = System.nanoTime();
                long due = Math.min(totalPackets, dueBy(now - startNanos, pps));
                while (sent < due && !stopRequested) {
                    ByteBuffer b = buffers[flow];
                    b.putLong(PayloadFormat.OFFSET_SEQ, seq[flow]);
                    b.putLong(PayloadFormat.OFFSET_TIME, epochNanos + (System.nanoTime() - startNanos));
                    b.clear();
                    try {
                        int written = channels.get(flow).write(b);
                        seq[flow]++;
                        packets.lazySet(flow, packets.get(flow) + 1);
                        bytes.lazySet(flow, bytes.get(flow) + written);
                    } catch (PortUnreachableException e) {
                        // an ICMP error for an earlier packet, reported on this send, which did not happen
                        errors++;
                        sendErrors = errors;
                    } catch (ClosedChannelException e) {
                        throw e;
                    } catch (IOException e) {
                        errors++;
                        sendErrors = errors;
                        if (errors == 1) log.warn("traffic source: send failed: {}", e.toString());
                    }
                    sent++;
                    flow = flow + 1 == n ? 0 : flow + 1;
                }
                if (sent >= totalPackets) break;
                long nextDue = startNanos + nanosFor(sent + 1, pps);
                LockSupport.parkNanos(Math.max(TICK_NANOS, nextDue - System.nanoTime()));
            }
        } catch (ClosedChannelException e) {
            if (!stopRequested) failure = "socket closed: " + e;
        } catch (RuntimeException e) {
            failure = e.toString();
            log.error("traffic source failed", e);
        } finally {
            sendErrors = errors;
            closeChannels();
        }
        endedAtMs = System.currentTimeMillis();
        if (failure != null) {
            error = failure;
            state = "error";
        } else {
            state = stopRequested ? "stopped" : "done";
        }
        log.info("traffic source {}: {} packets, {} send errors", state, totalSent(), errors);
        onFinished.accept(status());
    }

    /** Packets due after {@code elapsed} ns at {@code pps}, without overflowing for long runs. */
    static long dueBy(long elapsedNanos, long pps) {
        return elapsedNanos / 1_000_000_000L * pps + (elapsedNanos % 1_000_000_000L) * pps / 1_000_000_000L;
    }

    /** When (ns from start) packet number {@code count} is due. */
    static long nanosFor(long count, long pps) {
        return count / pps * 1_000_000_000L + (count % pps) * 1_000_000_000L / pps;
    }

    /** Stops early and waits for the sender to finish. */
    void stop() {
        stopRequested = true;
        Thread t = thread;
        if (t == null) return;
        LockSupport.unpark(t);
        try {
            if (!t.join(Duration.ofSeconds(2))) {
                closeChannels(); // a send blocked on a full buffer: closing ends it
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

    TrafficStatus status() {
        List<FlowCounters> perFlow = flowCounters();
        long p = 0;
        long b = 0;
        for (FlowCounters c : perFlow) {
            p += c.packets();
            b += c.bytes();
        }
        return new TrafficStatus(state, startedAtMs, endedAtMs, p, b, sendErrors, perFlow, error);
    }

    private synchronized void closeChannels() {
        for (DatagramChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                log.debug("closing a traffic socket: {}", e.toString());
            }
        }
    }
}
