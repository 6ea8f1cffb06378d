package dev.labdeck.agent.traffic;

import dev.labdeck.nativeio.bpf.BpfException;
import dev.labdeck.nativeio.bpf.BpfMap;
import dev.labdeck.nativeio.bpf.BpfObject;
import dev.labdeck.nativeio.bpf.BpfProgram;
import dev.labdeck.nativeio.bpf.Xdp;
import dev.labdeck.nativeio.bpf.XdpLiveFrames;
import dev.labdeck.protocol.Flow;
import dev.labdeck.protocol.Imix;
import dev.labdeck.protocol.PayloadFormat;
import dev.labdeck.protocol.TrafficEngine;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code xdp-live} engine: {@code bpf/labdeck_gen.bpf.c} run on live frames, one Ethernet
 * frame built here per flow, transmitted by the kernel with XDP_TX out of the route's interface.
 * The program writes each copy's sequence number and send time. No socket, no copy per packet:
 * one system call sends a whole burst.
 */
final class XdpLiveEngine implements PacketEngine {
    private static final Logger log = LoggerFactory.getLogger(XdpLiveEngine.class);
    static final String RESOURCE = "bpf/labdeck_gen.bpf.o";
    static final String PROGRAM = "labdeck_gen";
    static final String SEQ_MAP = "labdeck_gen_seq";
    static final String CLOCK_MAP = "labdeck_gen_clock";
    static final String SIZE_MAP = "labdeck_gen_size";
    /** Entries of a flow's cycle of frame lengths in {@code labdeck_gen_size}. */
    static final int MAX_CYCLE = 16;
    static final int MAX_FLOWS = 4096;
    static final int BATCH = 64;
    /** Ethernet, IPv4 and UDP headers before the LabDeck header. */
    static final int HEADERS = 14 + 20 + 8;
    /** Source ports for flows that leave theirs to the host (0): one per flow from here. */
    static final int FIRST_AUTO_SOURCE_PORT = 40000;
    /** The most a live frame may be: it must fit a page with the kernel's headroom and tail. */
    static final int MAX_FRAME = 3500;

    /**
     * Calls that may be in flight at once, each on its own {@link XdpLiveFrames} (its own call
     * arguments) over the one program and its maps, so the flows' sequence numbers stay one series.
     */
    static final int LANES = 4;

    private final BpfObject object;
    /** One per lane. */
    private final XdpLiveFrames[] frames;
    /** Each flow's payload size, {@link Flow#IMIX} for the mix. */
    private final int[] payloadBytes;
    /** Packets of each flow the kernel took so far (all lanes). */
    private final java.util.concurrent.atomic.AtomicLongArray sent;
    private final EgressRoute route;

    private XdpLiveEngine(BpfObject object, XdpLiveFrames[] frames, int[] payloadBytes, EgressRoute route) {
        this.object = object;
        this.frames = frames;
        this.payloadBytes = payloadBytes;
        this.sent = new java.util.concurrent.atomic.AtomicLongArray(payloadBytes.length);
        this.route = route;
    }

    /**
     * Loads the generator program and builds the flows' frames.
     *
     * @throws EngineUnavailableException saying why this host cannot use the engine
     */
    static XdpLiveEngine open(EgressRoute route, Inet4Address destination, List<Flow> flows, int payloadBytes)
            throws EngineUnavailableException {
        if (flows.size() > MAX_FLOWS) throw new EngineUnavailableException("more than " + MAX_FLOWS + " flows");
        int[] sizes = new int[flows.size()];
        for (int i = 0; i < flows.size(); i++) {
            int size = FlowPayload.size(flows.get(i), payloadBytes);
            int largest = size == Flow.IMIX ? Imix.maxPayloadBytes() : size;
            if (largest + 28 > route.mtu()) {
                throw new EngineUnavailableException(largest + "-byte payloads" + (size == Flow.IMIX ? " (IMIX's largest)" : "")
                        + " do not fit " + route.device() + "'s MTU " + route.mtu() + " in one frame");
            }
            if (HEADERS + largest > MAX_FRAME) throw new EngineUnavailableException("frames over " + MAX_FRAME + " bytes");
            sizes[i] = size;
        }
        Path file = null;
        BpfObject object = null;
        try (InputStream in = XdpLiveEngine.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new EngineUnavailableException("the generator program was not built (no clang where the agent was built)");
            file = Files.createTempFile("labdeck_gen", ".bpf.o");
            Files.write(file, in.readAllBytes());
            object = BpfObject.open(file);
            object.load();
            BpfProgram program = object.program(PROGRAM);
            long realtimeMinusMonotonic = WallClock.realtimeMinusMonotonic();
            object.map(CLOCK_MAP).update(BpfMap.u32(0), u64(realtimeMinusMonotonic));
            List<byte[]> built = new ArrayList<>();
            java.util.Random random = new java.util.Random();
            for (int i = 0; i < flows.size(); i++) {
                if (sizes[i] == Flow.IMIX) {
                    // built at the mix's largest; the program trims each copy to the cycle's length by its sequence number
                    built.add(frame(route, destination, flows.get(i), i, Imix.maxPayloadBytes(), random));
                    object.map(SIZE_MAP).update(BpfMap.u32(i), imixCycle());
                } else {
                    built.add(frame(route, destination, flows.get(i), i, sizes[i], random));
                }
            }
            int ifindex = Xdp.ifindex(route.device());
            XdpLiveFrames[] lanes = new XdpLiveFrames[LANES];
            try {
                for (int l = 0; l < LANES; l++) lanes[l] = XdpLiveFrames.open(program, ifindex, built, BATCH);
            } catch (BpfException | RuntimeException e) {
                for (XdpLiveFrames f : lanes) if (f != null) f.close();
                throw e;
            }
            return new XdpLiveEngine(object, lanes, sizes, route);
        } catch (BpfException e) {
            if (object != null) object.close();
            throw new EngineUnavailableException(e.getMessage());
        } catch (IOException e) {
            if (object != null) object.close();
            throw new EngineUnavailableException("cannot extract the generator program: " + e.getMessage());
        } catch (EngineUnavailableException | RuntimeException e) {
            if (object != null) object.close();
            throw e;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.debug("removing {}: {}", file, e.toString());
                }
            }
        }
    }

    /** One flow's frame: Ethernet, IPv4 (id = the flow's index), UDP without checksum, LabDeck header, zeros. */
    static byte[] frame(EgressRoute route, Inet4Address destination, Flow flow, int index, int payloadBytes) {
        return frame(route, destination, flow, index, payloadBytes, null);
    }

    /** As {@link #frame(EgressRoute, Inet4Address, Flow, int, int)}, the payload after the header filled with the flow's pattern. */
    static byte[] frame(EgressRoute route, Inet4Address destination, Flow flow, int index, int payloadBytes, java.util.Random random) {
        int udpLength = 8 + payloadBytes;
        int ipLength = 20 + udpLength;
        ByteBuffer b = ByteBuffer.allocate(14 + ipLength).order(ByteOrder.BIG_ENDIAN);
        b.put(route.nextHopMac()).put(route.sourceMac()).putShort((short) 0x0800);
        int ip = b.position();
        b.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) index).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(route.source().getAddress()).put(destination.getAddress());
        b.putShort(ip + 10, ipChecksum(b.array(), ip));
        int srcPort = flow.srcPort() != 0 ? flow.srcPort() : FIRST_AUTO_SOURCE_PORT + index;
        b.putShort((short) srcPort).putShort((short) flow.dstPort()).putShort((short) udpLength).putShort((short) 0);
        int payload = b.position();
        if (flow.id() >= 0) { // a probe frame (negative id) carries no header: a sink counts it as foreign
            if (random != null && payloadBytes > PayloadFormat.HEADER_BYTES) {
                byte[] fill = dev.labdeck.protocol.PayloadPattern.fill(flow.payload(), payloadBytes - PayloadFormat.HEADER_BYTES, random);
                b.put(payload + PayloadFormat.HEADER_BYTES, fill);
            }
            b.putInt(payload + PayloadFormat.OFFSET_MAGIC, PayloadFormat.MAGIC);
            b.putInt(payload + PayloadFormat.OFFSET_FLOW, flow.id());
        }
        return b.array();
    }

    static short ipChecksum(byte[] frame, int offset) {
        long sum = 0;
        for (int i = 0; i < 20; i += 2) sum += ((frame[offset + i] & 0xff) << 8) | (frame[offset + i + 1] & 0xff);
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (short) ~sum;
    }

    /** IMIX's frame lengths (Ethernet, no FCS) as a {@code labdeck_gen_size} value: cycle, then 16 u16 lengths. */
    static byte[] imixCycle() {
        ByteBuffer b = ByteBuffer.allocate(4 + 2 * MAX_CYCLE).order(ByteOrder.nativeOrder());
        b.putInt(Imix.FRAMES.length);
        for (int k = 0; k < Imix.FRAMES.length; k++) b.putShort((short) (HEADERS + Imix.payloadBytes(k)));
        return b.array();
    }

    private static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(v).array();
    }

    EgressRoute route() {
        return route;
    }

    @Override
    public TrafficEngine kind() {
        return TrafficEngine.XDP_LIVE;
    }

    @Override
    public int maxBurst() {
        return 1 << 16;
    }

    /**
     * One live-frames call costs about this much wall time however few frames it sends (measured
     * on kernel 6.18: median 23 ms, 15-43 ms, of which about 0.4 ms CPU): at its end the kernel
     * tears down the call's page pool and, while frames are still held by the receiver, waits for
     * an RCU grace period ({@code page_pool_destroy} → {@code synchronize_rcu}).
     */
    static final long CALL_NANOS_GUESS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(25);

    @Override
    public long callNanosGuess() {
        return CALL_NANOS_GUESS;
    }

    /**
     * UDP payload bytes of the flow's packets the kernel took: the program gives each copy the
     * flow's next sequence number and IMIX's length by it, so the first {@code n} of the mix
     * (exact whenever no call of the flow is in flight).
     */
    @Override
    public long bytes(int flow) {
        long n = sent.get(flow);
        return payloadBytes[flow] == Flow.IMIX ? Imix.payloadBytes(0, n) : n * payloadBytes[flow];
    }

    @Override
    public int lanes() {
        return LANES;
    }

    @Override
    public int send(int flow, int count) throws IOException {
        return send(0, flow, count);
    }

    @Override
    public int send(int lane, int flow, int count) throws IOException {
        try {
            frames[lane].run(flow, count);
            sent.addAndGet(flow, count);
            return count;
        } catch (BpfException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (XdpLiveFrames f : frames) f.close();
        object.close();
    }
}
