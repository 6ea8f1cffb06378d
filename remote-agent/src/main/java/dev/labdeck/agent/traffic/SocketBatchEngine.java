package dev.labdeck.agent.traffic;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import dev.labdeck.nativeio.NativeCallException;
import dev.labdeck.nativeio.NativeUnavailableException;
import dev.labdeck.nativeio.packet.UdpBatchSender;
import dev.labdeck.protocol.Flow;
import dev.labdeck.protocol.PayloadFormat;
import dev.labdeck.protocol.TrafficEngine;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code socket} engine on Linux: the same connected UDP socket per flow and the same payloads
 * as {@link SocketEngine}, but up to {@link #BATCH} datagrams per system call with {@code sendmmsg}.
 * The packets still take the host's own way out (routing, firewall, qdisc).
 */
final class SocketBatchEngine implements PacketEngine {
    static final int BATCH = 64;
    /** The system property that turns batching off (the benchmark compares both). */
    static final String OFF_PROPERTY = "labdeck.traffic.sendmmsg";
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private static final Logger log = LoggerFactory.getLogger(SocketBatchEngine.class);

    private final UdpBatchSender[] senders;
    private boolean warned;
    private final FlowPayload[] payloads;
    private final long[] seq;
    private final long[] bytes;
    private final int[] sizes = new int[BATCH];
    private final long epochNanos;
    private final long startNanos;

    private SocketBatchEngine(UdpBatchSender[] senders, FlowPayload[] payloads) {
        this.senders = senders;
        this.payloads = payloads;
        this.seq = new long[senders.length];
        this.bytes = new long[senders.length];
        this.startNanos = System.nanoTime();
        this.epochNanos = WallClock.realtimeMinusMonotonic() + startNanos;
    }

    /** True when this JVM may batch: Linux, and not switched off with {@code -Dlabdeck.traffic.sendmmsg=false}. */
    static boolean wanted() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
                && !"false".equals(System.getProperty(OFF_PROPERTY));
    }

    /**
     * Opens and connects one socket per flow; a failure closes what was opened and says which flow.
     *
     * @throws NativeUnavailableException when the C library cannot be bound (the portable engine then sends)
     */
    static SocketBatchEngine open(InetAddress destination, InetAddress bind, List<Flow> flows, int payloadBytes) throws IOException {
        UdpBatchSender[] senders = new UdpBatchSender[flows.size()];
        FlowPayload[] payloads = new FlowPayload[flows.size()];
        Random random = new Random();
        try {
            for (int i = 0; i < flows.size(); i++) {
                Flow f = flows.get(i);
                payloads[i] = new FlowPayload(f, payloadBytes, random);
                byte[] template = payloads[i].template();
                try {
                    senders[i] = UdpBatchSender.open(new InetSocketAddress(bind, f.srcPort()), new InetSocketAddress(destination, f.dstPort()),
                            template.length, BATCH, 4 << 20);
                } catch (NativeCallException e) {
                    throw new IOException("flow " + f.id() + " (UDP " + f.srcPort() + " → " + f.dstPort() + "): " + e.getMessage(), e);
                }
                for (int k = 0; k < BATCH; k++) {
                    MemorySegment b = senders[i].buffer(k);
                    MemorySegment.copy(template, 0, b, JAVA_BYTE, 0, template.length);
                    b.set(INT_BE, PayloadFormat.OFFSET_MAGIC, PayloadFormat.MAGIC);
                    b.set(INT_BE, PayloadFormat.OFFSET_FLOW, f.id());
                }
            }
        } catch (IOException | RuntimeException e) {
            for (UdpBatchSender s : senders) if (s != null) s.close();
            throw e;
        }
        return new SocketBatchEngine(senders, payloads);
    }

    @Override
    public TrafficEngine kind() {
        return TrafficEngine.SOCKET;
    }

    @Override
    public int maxBurst() {
        return 256;
    }

    @Override
    public long bytes(int flow) {
        return bytes[flow];
    }

    @Override
    public int send(int flow, int count) throws IOException {
        UdpBatchSender sender = senders[flow];
        FlowPayload payload = payloads[flow];
        int sent = 0;
        while (sent < count) {
            int n = Math.min(BATCH, count - sent);
            long s = seq[flow];
            for (int k = 0; k < n; k++) {
                MemorySegment b = sender.buffer(k);
                b.set(LONG_BE, PayloadFormat.OFFSET_SEQ, s + k);
                b.set(LONG_BE, PayloadFormat.OFFSET_TIME, epochNanos + (System.nanoTime() - startNanos));
                sizes[k] = payload.bytesOf(s + k);
                sender.length(k, sizes[k]);
            }
            int took;
            try {
                took = sender.send(n);
            } catch (NativeCallException e) {
                // as the one-write path: a send the kernel refuses (the link is down, no route for now)
                // is not counted and the source goes on pacing; the first such error is logged
                if (!warned) log.warn("traffic source: send failed: {}", e.getMessage());
                warned = true;
                break;
            }
            // the kernel took datagrams 0..took-1; numbering goes on from the first it did not take
            seq[flow] = s + took;
            for (int k = 0; k < took; k++) bytes[flow] += sizes[k];
            sent += took;
            if (took < n) break;
        }
        return sent;
    }

    @Override
    public synchronized void close() {
        for (UdpBatchSender s : senders) if (s != null) s.close();
    }
}
