package dev.labdeck.agent.traffic;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import dev.labdeck.nativeio.NativeCallException;
import dev.labdeck.nativeio.NativeUnavailableException;
import dev.labdeck.nativeio.packet.PacketTxRing;
import dev.labdeck.protocol.Flow;
import dev.labdeck.protocol.Imix;
import dev.labdeck.protocol.PayloadFormat;
import dev.labdeck.protocol.TrafficEngine;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code packet-ring} engine: whole Ethernet/IPv4/UDP frames written into an AF_PACKET
 * transmit ring ({@link PacketTxRing}) and handed to the driver past the queueing discipline, one
 * system call per burst — trafgen's method. Each frame carries the LabDeck header (flow, sequence
 * number, send time) like the socket engine's payload, and its flow's size (fixed or IMIX),
 * ports and payload pattern. Needs Linux, CAP_NET_RAW and an IPv4 route with a resolved neighbour;
 * the frames skip the source host's IP stack and qdisc (no firewall, no netem on the way out).
 */
final class PacketRingEngine implements PacketEngine {
    private static final Logger log = LoggerFactory.getLogger(PacketRingEngine.class);
    /** Ethernet, IPv4 and UDP headers before the LabDeck header. */
    static final int HEADERS = XdpLiveEngine.HEADERS;
    /** About this much memory for the ring; at least {@link #MIN_FRAMES} frames whatever their size. */
    static final long RING_BYTES = 8L << 20;
    static final int MIN_FRAMES = 256;
    static final int MAX_FRAMES = 4096;
    /** The longest the sender waits for the kernel to release a ring frame before calling the ring stuck. */
    static final Duration SLOT_WAIT = Duration.ofSeconds(1);
    static final Duration DRAIN_WAIT = Duration.ofSeconds(1);
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final PacketTxRing ring;
    private final EgressRoute route;
    private final FlowPayload[] payloads;
    /** Per flow the frame of its largest payload: headers, LabDeck header (flow set), pattern. */
    private final byte[][] templates;
    /** Per flow its headers for each packet of an IMIX cycle, or one entry for a fixed size. */
    private final byte[][][] headers;
    private final long[] seq;
    private final long[] bytes;
    private final long epochNanos;
    private final long startNanos;
    private boolean warned;

    private PacketRingEngine(PacketTxRing ring, EgressRoute route, FlowPayload[] payloads, byte[][] templates, byte[][][] headers) {
        this.ring = ring;
        this.route = route;
        this.payloads = payloads;
        this.templates = templates;
        this.headers = headers;
        this.seq = new long[payloads.length];
        this.bytes = new long[payloads.length];
        this.startNanos = System.nanoTime();
        this.epochNanos = WallClock.realtimeMinusMonotonic() + startNanos;
    }

    /**
     * Builds the flows' frames and opens a transmit ring on the route's interface.
     *
     * @throws EngineUnavailableException saying why this host cannot use the engine (no CAP_NET_RAW,
     *                                    a payload that does not fit the MTU, not Linux)
     */
    static PacketRingEngine open(EgressRoute route, Inet4Address destination, List<Flow> flows, int payloadBytes)
            throws EngineUnavailableException {
        int n = flows.size();
        FlowPayload[] payloads = new FlowPayload[n];
        byte[][] templates = new byte[n][];
        byte[][][] headers = new byte[n][][];
        Random random = new Random();
        int largestFrame = 0;
        for (int i = 0; i < n; i++) {
            Flow f = flows.get(i);
            int size = FlowPayload.size(f, payloadBytes);
            int largest = size == Flow.IMIX ? Imix.maxPayloadBytes() : size;
            if (largest + 28 > route.mtu()) {
                throw new EngineUnavailableException(largest + "-byte payloads do not fit " + route.device() + "'s MTU "
                        + route.mtu() + " in one frame (the socket engine fragments them)");
            }
            payloads[i] = new FlowPayload(f, payloadBytes, random);
            byte[] template = XdpLiveEngine.frame(route, destination, f, i, largest);
            System.arraycopy(payloads[i].template(), PayloadFormat.HEADER_BYTES, template, HEADERS + PayloadFormat.HEADER_BYTES,
                    largest - PayloadFormat.HEADER_BYTES);
            templates[i] = template;
            if (size == Flow.IMIX) {
                headers[i] = new byte[Imix.FRAMES.length][];
                for (int k = 0; k < Imix.FRAMES.length; k++) {
                    headers[i][k] = java.util.Arrays.copyOf(XdpLiveEngine.frame(route, destination, f, i, Imix.payloadBytes(k)), HEADERS);
                }
            } else {
                headers[i] = new byte[][] {java.util.Arrays.copyOf(template, HEADERS)};
            }
            largestFrame = Math.max(largestFrame, HEADERS + largest);
        }
        int frames = (int) Math.max(MIN_FRAMES, Math.min(MAX_FRAMES, RING_BYTES / (largestFrame + 32)));
        try {
            return new PacketRingEngine(PacketTxRing.open(route.device(), largestFrame, frames), route, payloads, templates, headers);
        } catch (NativeCallException e) {
            // EPERM from socket(AF_PACKET): the agent runs without CAP_NET_RAW
            throw new EngineUnavailableException("socket".equals(e.function()) && e.errno() == 1
                    ? "needs CAP_NET_RAW (run the agent as root or grant it the capability): " + e.getMessage() : e.getMessage());
        } catch (NativeUnavailableException e) {
            throw new EngineUnavailableException(e.getMessage());
        }
    }

    EgressRoute route() {
        return route;
    }

    @Override
    public TrafficEngine kind() {
        return TrafficEngine.PACKET_RING;
    }

    @Override
    public int maxBurst() {
        return 4096;
    }

    @Override
    public long bytes(int flow) {
        return bytes[flow];
    }

    @Override
    public int send(int flow, int count) throws IOException {
        byte[] template = templates[flow];
        byte[][] flowHeaders = headers[flow];
        FlowPayload payload = payloads[flow];
        long s = seq[flow];
        int submitted = 0;
        try {
            for (; submitted < count; submitted++) {
                int size = payload.bytesOf(s + submitted);
                int length = HEADERS + size;
                MemorySegment slot = ring.next(SLOT_WAIT);
                MemorySegment.copy(template, 0, slot, JAVA_BYTE, 0, length);
                if (flowHeaders.length > 1) {
                    MemorySegment.copy(flowHeaders[(int) ((s + submitted) % flowHeaders.length)], 0, slot, JAVA_BYTE, 0, HEADERS);
                }
                slot.set(LONG_BE, HEADERS + PayloadFormat.OFFSET_SEQ, s + submitted);
                slot.set(LONG_BE, HEADERS + PayloadFormat.OFFSET_TIME, epochNanos + (System.nanoTime() - startNanos));
                ring.submit(length);
            }
            ring.flush();
        } catch (NativeCallException e) {
            // as the socket engine: frames the kernel refuses (the link is down) are not counted, and the
            // source goes on pacing; the ones still queued are taken back so they never go out late
            int discarded = ring.discardQueued();
            if (!warned) log.warn("packet-ring: {} refused frames: {}", route.device(), e.getMessage());
            warned = true;
            submitted = Math.max(0, submitted - discarded);
        }
        for (int k = 0; k < submitted; k++) bytes[flow] += payload.bytesOf(s + k);
        seq[flow] = s + submitted;
        return submitted;
    }

    @Override
    public void close() {
        try {
            int left = ring.drain(DRAIN_WAIT);
            if (left > 0) log.warn("packet-ring: {} frames not released by {} within {} ms", left, route.device(), DRAIN_WAIT.toMillis());
        } catch (NativeCallException | IllegalStateException e) {
            log.debug("draining the ring of {}: {}", route.device(), e.toString());
        }
        ring.close();
    }
}
