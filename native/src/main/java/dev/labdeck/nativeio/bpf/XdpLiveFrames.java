package dev.labdeck.nativeio.bpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * Runs a loaded XDP program on live frames ({@code BPF_PROG_RUN} with
 * {@code BPF_F_TEST_XDP_LIVE_FRAMES}, Linux ≥ 5.18, root): the kernel copies a frame into a page
 * pool, runs the program on each copy, and transmits what it returns {@code XDP_TX} out of
 * {@code ifindex}, as a traffic generator. Only setup failures are reported; a frame the device
 * does not take is lost silently, so compare what was sent with the interface's counters.
 *
 * <p>Owns its frames and the call's arguments in one arena; used by one thread at a time.
 */
public final class XdpLiveFrames implements AutoCloseable {
    /** The kernel's largest batch (frames transmitted together). */
    public static final int MAX_BATCH = 256;
    static final int BPF_F_TEST_XDP_LIVE_FRAMES = 1 << 1;

    /** struct bpf_test_run_opts of libbpf 1.x. */
    static final StructLayout TEST_RUN_OPTS = MemoryLayout.structLayout(
            JAVA_LONG.withName("sz"),
            ADDRESS.withName("data_in"),
            ADDRESS.withName("data_out"),
            JAVA_INT.withName("data_size_in"),
            JAVA_INT.withName("data_size_out"),
            ADDRESS.withName("ctx_in"),
            ADDRESS.withName("ctx_out"),
            JAVA_INT.withName("ctx_size_in"),
            JAVA_INT.withName("ctx_size_out"),
            JAVA_INT.withName("retval"),
            JAVA_INT.withName("repeat"),
            JAVA_INT.withName("duration"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("cpu"),
            JAVA_INT.withName("batch_size"));

    /** struct xdp_md: data, data_end, data_meta, ingress_ifindex, rx_queue_index, egress_ifindex. */
    static final StructLayout XDP_MD = MemoryLayout.structLayout(
            JAVA_INT.withName("data"),
            JAVA_INT.withName("data_end"),
            JAVA_INT.withName("data_meta"),
            JAVA_INT.withName("ingress_ifindex"),
            JAVA_INT.withName("rx_queue_index"),
            JAVA_INT.withName("egress_ifindex"));

    private static final long DATA_END_OFFSET = XDP_MD.byteOffset(MemoryLayout.PathElement.groupElement("data_end"));
    private static final VarHandle DATA_IN = field("data_in");
    private static final VarHandle DATA_SIZE_IN = field("data_size_in");
    private static final VarHandle REPEAT = field("repeat");
    private static final VarHandle DATA_SIZE_OUT = field("data_size_out");

    private final Libbpf lib;
    private final Arena arena;
    private final int programFd;
    private final int ifindex;
    private final MemorySegment opts;
    private final MemorySegment ctx;
    private final MemorySegment callState;
    private final MemorySegment[] frames;

    private XdpLiveFrames(Libbpf lib, Arena arena, int programFd, int ifindex, MemorySegment opts, MemorySegment ctx,
                          MemorySegment[] frames) {
        this.lib = lib;
        this.arena = arena;
        this.programFd = programFd;
        this.ifindex = ifindex;
        this.opts = opts;
        this.ctx = ctx;
        this.callState = Libbpf.callState(arena);
        this.frames = frames;
    }

    /**
     * Prepares live runs of {@code program} transmitting out of {@code ifindex}, with one frame
     * per entry of {@code frames} (each a whole Ethernet frame without FCS).
     *
     * @param batch frames transmitted together, 1..{@value #MAX_BATCH}
     */
    public static XdpLiveFrames open(BpfProgram program, int ifindex, List<byte[]> frames, int batch) throws BpfException {
        if (program.fd() < 0) throw new IllegalStateException("program " + program.name() + " is not loaded");
        if (batch < 1 || batch > MAX_BATCH) throw new IllegalArgumentException("batch must be 1.." + MAX_BATCH + ", got " + batch);
        Libbpf lib = Libbpf.get();
        Arena arena = Arena.ofShared();
        MemorySegment opts = arena.allocate(TEST_RUN_OPTS);
        MemorySegment ctx = arena.allocate(XDP_MD);
        ctx.set(JAVA_INT, XDP_MD.byteOffset(MemoryLayout.PathElement.groupElement("ingress_ifindex")), ifindex);
        set(opts, "sz", TEST_RUN_OPTS.byteSize());
        opts.set(ADDRESS, offset("ctx_in"), ctx);
        opts.set(JAVA_INT, offset("ctx_size_in"), (int) XDP_MD.byteSize());
        opts.set(JAVA_INT, offset("flags"), BPF_F_TEST_XDP_LIVE_FRAMES);
        opts.set(JAVA_INT, offset("batch_size"), batch);
        MemorySegment[] segments = new MemorySegment[frames.size()];
        for (int i = 0; i < segments.length; i++) {
            byte[] f = frames.get(i);
            segments[i] = arena.allocate(f.length, 64);
            MemorySegment.copy(f, 0, segments[i], JAVA_BYTE, 0, f.length);
        }
        return new XdpLiveFrames(lib, arena, program.fd(), ifindex, opts, ctx, segments);
    }

    public int ifindex() {
        return ifindex;
    }

    /**
     * Runs the program on {@code count} copies of frame number {@code frame}; returns when the
     * kernel has handed the last batch to the device.
     *
     * @throws BpfException naming bpf_prog_test_run_opts and strerror, e.g. EINVAL on a kernel
     *                      without live frames or EOPNOTSUPP on a device without ndo_xdp_xmit
     */
    public void run(int frame, int count) throws BpfException {
        if (count <= 0) return;
        MemorySegment data = frames[frame];
        DATA_IN.set(opts, 0L, data);
        DATA_SIZE_IN.set(opts, 0L, (int) data.byteSize());
        REPEAT.set(opts, 0L, count);
        // The kernel writes the frame's length back into data_size_out, and the next call takes it
        // as the caller's buffer size: a longer frame after a shorter one then ends in ENOSPC.
        DATA_SIZE_OUT.set(opts, 0L, 0);
        // the kernel refuses a context whose data_end is not the frame's length (EINVAL)
        ctx.set(JAVA_INT, DATA_END_OFFSET, (int) data.byteSize());
        int rc;
        try {
            rc = (int) lib.progTestRunOpts.invokeExact(callState, programFd, opts);
        } catch (Throwable t) {
            throw new IllegalStateException("bpf_prog_test_run_opts call failed", t);
        }
        if (rc != 0) {
            int err = Libbpf.errnoOf(rc, callState);
            throw lib.error("bpf_prog_test_run_opts", err, "live XDP frames out of ifindex " + ifindex);
        }
    }

    @Override
    public void close() {
        arena.close();
    }

    private static long offset(String name) {
        return TEST_RUN_OPTS.byteOffset(MemoryLayout.PathElement.groupElement(name));
    }

    private static void set(MemorySegment opts, String name, long value) {
        opts.set(JAVA_LONG, offset(name), value);
    }

    private static VarHandle field(String name) {
        return TEST_RUN_OPTS.varHandle(MemoryLayout.PathElement.groupElement(name));
    }
}
