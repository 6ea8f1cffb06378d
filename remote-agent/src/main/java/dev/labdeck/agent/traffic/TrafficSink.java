package dev.labdeck.agent.traffic;

import dev.labdeck.protocol.FlowCounters;
import dev.labdeck.protocol.PayloadFormat;
import dev.labdeck.protocol.SinkStart;
import dev.labdeck.protocol.SinkStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP sink: one socket per port with a large receive buffer, one receiver thread per socket.
 * Packets carrying the LabDeck header are counted per flow from their sequence numbers; others
 * are {@code foreign}. Stopping reads what is still queued in the sockets first, so the final
 * counts include every packet that reached the host.
 */
final class TrafficSink {
    private static final Logger log = LoggerFactory.getLogger(TrafficSink.class);
    static final int RECEIVE_BUFFER = 8 << 20; // the kernel caps it at net.core.rmem_max
    private static final long SELECT_MS = 200;

    private final SinkStart request;
    private final List<Receiver> receivers = new ArrayList<>();
    private final Map<Integer, SequenceTracker> flows = new ConcurrentHashMap<>();
    private final Map<Integer, LatencyHistogram> latency = new ConcurrentHashMap<>();
    /** The wall clock in ns as the monotonic clock advances from it (what the senders stamp; see PayloadFormat). */
    private final long epochAtStart;
    private final long nanoAtStart;
    private final LongAdder foreign = new LongAdder();
    private volatile String state = "idle";
    private volatile String error;

    TrafficSink(SinkStart request) {
        this.request = request;
        this.nanoAtStart = System.nanoTime();
        this.epochAtStart = WallClock.realtimeMinusMonotonic() + nanoAtStart;
        if (request.ports() == null || request.ports().isEmpty()) throw TrafficException.invalid("at least one port is required");
        Set<Integer> seen = new HashSet<>();
        for (Integer p : request.ports()) {
            if (p == null || p < 1 || p > 65535) throw TrafficException.invalid("port " + p + " is not 1..65535");
            if (!seen.add(p)) throw TrafficException.invalid("port " + p + " appears twice");
        }
    }

    /** The bytes after the header, as far as the longest packet, of each checked flow's pattern. */
    private final Map<Integer, byte[]> patterns = new java.util.HashMap<>();
    private final java.util.concurrent.atomic.LongAdder checked = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder mismatches = new java.util.concurrent.atomic.LongAdder();

    /** Whether the {@code length}-byte datagram in {@code buf} carries {@code expected} after the header. */
    static boolean payloadMatches(ByteBuffer buf, int length, byte[] expected) {
        int n = length - PayloadFormat.HEADER_BYTES;
        if (n > expected.length) return false;
        for (int i = 0; i < n; i++) {
            if (buf.get(PayloadFormat.HEADER_BYTES + i) != expected[i]) return false;
        }
        return true;
    }

    /** Binds every port (a port in use is a 409 naming it) and starts receiving. */
    void start() {
        if (request.payloads() != null) {
            request.payloads().forEach((flow, pattern) -> {
                dev.labdeck.protocol.PayloadPattern.problem(pattern).ifPresent(p -> {
                    throw TrafficException.invalid("flow " + flow + ": " + p);
                });
                if (!dev.labdeck.protocol.PayloadPattern.RANDOM.equals(pattern)) {
                    patterns.put(flow, dev.labdeck.protocol.PayloadPattern.fill(pattern, dev.labdeck.protocol.AgentLimits.MAX_PAYLOAD_BYTES - PayloadFormat.HEADER_BYTES, null));
                }
            });
        }
        InetAddress bind;
        try {
            bind = request.bindAddress() == null || request.bindAddress().isBlank() ? null : InetAddress.getByName(request.bindAddress());
        } catch (IOException e) {
            throw TrafficException.invalid("unknown bind address " + request.bindAddress());
        }
        for (int port : request.ports()) {
            try {
                receivers.add(new Receiver(port, bind));
            } catch (IOException e) {
                receivers.forEach(Receiver::close);
                receivers.clear();
                throw TrafficException.conflict("cannot receive on UDP port " + port + ": " + e.getMessage());
            }
        }
        state = "running";
        for (Receiver r : receivers) r.thread = Thread.ofPlatform().daemon().name("sink-" + r.port).start(r::run);
        log.info("sink receiving on UDP ports {}", request.ports());
    }

    /** Drains what is queued, closes the sockets and freezes the counters. */
    SinkStatus stop() {
        if ("running".equals(state)) {
            for (Receiver r : receivers) r.stopping = true;
            for (Receiver r : receivers) r.selector.wakeup();
            for (Receiver r : receivers) {
                try {
                    if (r.thread != null) r.thread.join(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                r.close();
            }
            if (!"error".equals(state)) state = "stopped";
        }
        return status();
    }

    boolean running() {
        return "running".equals(state);
    }

    long totalPackets() {
        long sum = 0;
        for (SequenceTracker t : flows.values()) sum += t.counters()[0];
        return sum;
    }

    List<FlowCounters> flowCounters() {
        List<FlowCounters> out = new ArrayList<>();
        flows.forEach((id, t) -> {
            long[] c = t.counters();
            out.add(new FlowCounters(id, (int) c[5], c[0], c[1], c[2], c[3], c[4]));
        });
        out.sort(Comparator.comparingInt(FlowCounters::flowId));
        return out;
    }

    long foreign() {
        return foreign.sum();
    }

    /** One-way latency per flow, everything since the start. */
    Map<Integer, dev.labdeck.protocol.OneWayLatency> flowLatency() {
        Map<Integer, dev.labdeck.protocol.OneWayLatency> out = new java.util.TreeMap<>();
        latency.forEach((id, h) -> out.put(id, h.summary()));
        return out;
    }

    /** One-way latency of all flows together since the start. */
    dev.labdeck.protocol.OneWayLatency latency() {
        org.HdrHistogram.Histogram all = LatencyHistogram.empty();
        long below = 0;
        for (LatencyHistogram h : latency.values()) {
            h.addTotalTo(all);
            below += h.belowZero();
        }
        return LatencyHistogram.summary(all, below);
    }

    /** The p99 of all flows' one-way latency (µs) since the last call, or -1 when nothing arrived. */
    double intervalP99Us() {
        org.HdrHistogram.Histogram all = LatencyHistogram.empty();
        for (LatencyHistogram h : latency.values()) h.takeIntervalInto(all);
        return all.getTotalCount() == 0 ? -1 : LatencyHistogram.us(all.getValueAtPercentile(99));
    }

    SinkStatus status() {
        List<FlowCounters> perFlow = flowCounters();
        long packets = 0, bytes = 0, lost = 0, reordered = 0, duplicates = 0;
        for (FlowCounters c : perFlow) {
            packets += c.packets();
            bytes += c.bytes();
            lost += c.lost();
            reordered += c.reordered();
            duplicates += c.duplicates();
        }
        return new SinkStatus(dev.labdeck.protocol.SinkState.of(state), packets, bytes, lost, reordered, duplicates, foreign.sum(), perFlow, error,
                latency(), flowLatency(), checked.sum(), mismatches.sum());
    }

    private final class Receiver {
        final int port;
        final DatagramChannel channel;
        final Selector selector;
        volatile boolean stopping;
        Thread thread;

        Receiver(int port, InetAddress bind) throws IOException {
            this.port = port;
            this.channel = DatagramChannel.open();
            try {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
                channel.bind(new InetSocketAddress(bind, port));
                channel.configureBlocking(false);
                this.selector = Selector.open();
                channel.register(selector, SelectionKey.OP_READ);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        }

        void run() {
            ByteBuffer buf = ByteBuffer.allocateDirect(65536).order(ByteOrder.BIG_ENDIAN);
            try {
                while (!stopping) {
                    selector.select(SELECT_MS);
                    selector.selectedKeys().clear();
                    drain(buf);
                }
                drain(buf); // whatever arrived up to the stop
            } catch (IOException | RuntimeException e) {
                if (!stopping) {
                    error = "receiving on port " + port + ": " + e;
                    state = "error";
                    log.error("sink on port {} failed", port, e);
                }
            }
        }

        private void drain(ByteBuffer buf) throws IOException {
            while (true) {
                buf.clear();
                if (channel.receive(buf) == null) return;
                long arrived = epochAtStart + (System.nanoTime() - nanoAtStart);
                int length = buf.position();
                if (length >= PayloadFormat.HEADER_BYTES && buf.getInt(PayloadFormat.OFFSET_MAGIC) == PayloadFormat.MAGIC) {
                    int flow = buf.getInt(PayloadFormat.OFFSET_FLOW);
                    long seq = buf.getLong(PayloadFormat.OFFSET_SEQ);
                    flows.computeIfAbsent(flow, f -> new SequenceTracker()).record(seq, length, port);
                    byte[] expected = patterns.get(flow);
                    if (expected != null) {
                        checked.increment();
                        if (!payloadMatches(buf, length, expected)) mismatches.increment();
                    }
                    latency.computeIfAbsent(flow, f -> new LatencyHistogram()).record(arrived - buf.getLong(PayloadFormat.OFFSET_TIME));
                } else {
                    foreign.increment();
                }
            }
        }

        void close() {
            try {
                selector.close();
            } catch (IOException e) {
                log.debug("closing selector: {}", e.toString());
            }
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("closing sink socket: {}", e.toString());
            }
        }
    }
}
