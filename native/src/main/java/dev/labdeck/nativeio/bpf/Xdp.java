package dev.labdeck.nativeio.bpf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/** XDP hook operations on network interfaces of this process's network namespace. */
public final class Xdp {
    // XDP_FLAGS_* of uapi/linux/if_link.h
    static final int XDP_FLAGS_UPDATE_IF_NOEXIST = 1;
    static final int XDP_FLAGS_SKB_MODE = 2;
    static final int XDP_FLAGS_DRV_MODE = 4;
    static final int XDP_FLAGS_HW_MODE = 8;
    private static final int ENODEV = 19;

    static final StructLayout ATTACH_OPTS = MemoryLayout.structLayout(
            JAVA_LONG.withName("sz"), JAVA_INT.withName("old_prog_fd"), MemoryLayout.paddingLayout(4));

    static final StructLayout QUERY_OPTS = MemoryLayout.structLayout(
            JAVA_LONG.withName("sz"),
            JAVA_INT.withName("prog_id"), JAVA_INT.withName("drv_prog_id"),
            JAVA_INT.withName("hw_prog_id"), JAVA_INT.withName("skb_prog_id"),
            JAVA_BYTE.withName("attach_mode"), MemoryLayout.paddingLayout(7));

    private Xdp() {}

    /** What the kernel has attached at an interface's XDP hook; ids are 0 where nothing is. */
    public record Status(XdpMode mode, int programId, int nativeProgramId, int genericProgramId, int offloadProgramId) {
        public boolean attached() {
            return programId != 0 || nativeProgramId != 0 || genericProgramId != 0 || offloadProgramId != 0;
        }

        /** The id of the program attached in {@code m}, 0 if none. */
        public int programId(XdpMode m) {
            return switch (m) {
                case NATIVE -> nativeProgramId;
                case GENERIC -> genericProgramId;
                case OFFLOAD -> offloadProgramId;
            };
        }
    }

    /** The index of interface {@code name}, or a BpfException saying there is no such interface. */
    public static int ifindex(String name) throws BpfException {
        Libbpf lib = Libbpf.get();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = Libbpf.callState(call);
            int index = (int) lib.ifNameToIndex.invokeExact(state, call.allocateFrom(name));
            if (index == 0) {
                int err = Libbpf.errno(state);
                throw new BpfException("if_nametoindex", err, "no network interface named '" + name + "': "
                        + lib.describe(err == 0 ? ENODEV : err));
            }
            return index;
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("if_nametoindex call failed", t);
        }
    }

    /** What is attached at {@code ifindex}'s XDP hook (bpf_xdp_query). */
    public static Status query(int ifindex) throws BpfException {
        Libbpf lib = Libbpf.get();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = Libbpf.callState(call);
            MemorySegment opts = call.allocate(QUERY_OPTS);
            opts.set(JAVA_LONG, 0, QUERY_OPTS.byteSize());
            int rc = (int) lib.xdpQuery.invokeExact(state, ifindex, 0, opts);
            if (rc < 0) throw lib.error("bpf_xdp_query", Libbpf.errnoOf(rc, state), "ifindex " + ifindex);
            return new Status(XdpMode.fromAttached(Byte.toUnsignedInt(opts.get(JAVA_BYTE, 24))),
                    opts.get(JAVA_INT, 8), opts.get(JAVA_INT, 12), opts.get(JAVA_INT, 20), opts.get(JAVA_INT, 16));
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("bpf_xdp_query call failed", t);
        }
    }

    /**
     * Attaches {@code program} at {@code ifindex} in {@code mode}, refusing (EBUSY) to replace a
     * program someone else attached.
     */
    static void attach(int ifindex, BpfProgram program, XdpMode mode) throws BpfException {
        Libbpf lib = Libbpf.get();
        if (program.fd() < 0) throw new IllegalArgumentException("program " + program.name() + " is not loaded");
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = Libbpf.callState(call);
            int rc = (int) lib.xdpAttach.invokeExact(state, ifindex, program.fd(),
                    mode.flag | XDP_FLAGS_UPDATE_IF_NOEXIST, MemorySegment.NULL);
            if (rc < 0) {
                throw lib.error("bpf_xdp_attach", Libbpf.errnoOf(rc, state),
                        "program " + program.name() + " on ifindex " + ifindex + " in " + mode.label() + " mode");
            }
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("bpf_xdp_attach call failed", t);
        }
    }

    /**
     * Detaches from {@code ifindex}'s {@code mode} hook. With {@code expectedProgramFd} &gt; 0 only
     * that program is detached (XDP_FLAGS_REPLACE), so another tool's program is never removed.
     */
    static void detach(int ifindex, XdpMode mode, int expectedProgramFd) throws BpfException {
        Libbpf lib = Libbpf.get();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = Libbpf.callState(call);
            MemorySegment opts = MemorySegment.NULL;
            if (expectedProgramFd > 0) {
                opts = call.allocate(ATTACH_OPTS);
                opts.set(JAVA_LONG, 0, ATTACH_OPTS.byteSize());
                opts.set(JAVA_INT, 8, expectedProgramFd);
            }
            int rc = (int) lib.xdpDetach.invokeExact(state, ifindex, mode.flag, opts);
            if (rc < 0) {
                throw lib.error("bpf_xdp_detach", Libbpf.errnoOf(rc, state), "ifindex " + ifindex + " in " + mode.label() + " mode");
            }
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("bpf_xdp_detach call failed", t);
        }
    }

    /**
     * Detaches the program with kernel id {@code programId} from {@code ifindex}, in whichever mode
     * it sits, and only that program (XDP_FLAGS_REPLACE with its fd): for removing what a dead
     * process left. Returns false when that program is no longer there.
     */
    public static boolean detachProgram(int ifindex, int programId) throws BpfException {
        Status status = query(ifindex);
        XdpMode mode = null;
        for (XdpMode m : XdpMode.values()) {
            if (status.programId(m) == programId) mode = m;
        }
        if (mode == null) return false;
        Libbpf lib = Libbpf.get();
        int fd;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = Libbpf.callState(call);
            fd = (int) lib.progGetFdById.invokeExact(state, programId);
            if (fd < 0) {
                int err = Libbpf.errnoOf(fd, state);
                if (err == 2) return false; // ENOENT: the program is gone
                throw lib.error("bpf_prog_get_fd_by_id", err, "program id " + programId);
            }
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("bpf_prog_get_fd_by_id call failed", t);
        }
        try {
            detach(ifindex, mode, fd);
            return true;
        } finally {
            try {
                int closed = (int) lib.closeFd.invokeExact(fd);
            } catch (Throwable t) {
                // the fd goes with the process at the latest
            }
        }
    }
}
