package dev.labdeck.nativeio.packet;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.labdeck.nativeio.NativeCallException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An AF_PACKET transmit ring on one interface: {@code TPACKET_V2} frames in memory shared with the
 * kernel ({@code PACKET_TX_RING}), sent past the queueing discipline ({@code PACKET_QDISC_BYPASS}),
 * the way netsniff-ng's trafgen sends. The caller writes whole Ethernet frames (without FCS) into
 * the ring with {@link #next} and {@link #submit}; one {@link #flush} hands every submitted frame
 * to the driver in one system call.
 *
 * <p>A frame the driver takes is counted by the interface's tx counter; one it drops later (a veth
 * peer's full backlog) is not reported here, so compare what was submitted with the counters.
 * Owns its socket, the mapped ring and an arena; used by one thread at a time. Needs Linux and
 * {@code CAP_NET_RAW}.
 */
public final class PacketTxRing implements AutoCloseable {
    /** struct tpacket2_hdr is 32 bytes; a TX frame's data follows it (TPACKET2_HDRLEN − sizeof(sockaddr_ll)). */
    static final int HEADER_BYTES = 32;
    static final int STATUS_OFFSET = 0;
    static final int LEN_OFFSET = 4;
    static final int TP_STATUS_AVAILABLE = 0;
    static final int TP_STATUS_SEND_REQUEST = 1;
    static final int TP_STATUS_SENDING = 2;
    static final int TP_STATUS_WRONG_FORMAT = 4;
    static final int PAGE = 4096;
    static final int BLOCK_BYTES = 1 << 16;
    private static final VarHandle STATUS = JAVA_INT.varHandle();

    private final PacketCalls calls;
    private final Arena arena;
    private final MemorySegment errno;
    private final String device;
    private final int maxFrameBytes;
    private final MemorySegment ring;
    private final MemorySegment[] slots;
    private int fd;
    private int head;
    private int unflushed;

    private PacketTxRing(PacketCalls calls, Arena arena, MemorySegment errno, String device, int fd, int maxFrameBytes,
                         MemorySegment ring, MemorySegment[] slots) {
        this.calls = calls;
        this.arena = arena;
        this.errno = errno;
        this.device = device;
        this.fd = fd;
        this.maxFrameBytes = maxFrameBytes;
        this.ring = ring;
        this.slots = slots;
    }

    /**
     * Opens a ring of at least {@code frames} frames of up to {@code maxFrameBytes} each (Ethernet
     * header included, FCS not) on {@code device}.
     *
     * @throws NativeCallException naming the call that failed, e.g. {@code socket(AF_PACKET)} with
     *                             "Operation not permitted" without CAP_NET_RAW, or
     *                             {@code if_nametoindex} for an interface that does not exist here
     */
    public static PacketTxRing open(String device, int maxFrameBytes, int frames) throws NativeCallException {
        if (maxFrameBytes < 14 || maxFrameBytes > (1 << 20)) {
            throw new IllegalArgumentException("frames must be 14 bytes .. 1 MiB, got " + maxFrameBytes);
        }
        if (frames < 1) throw new IllegalArgumentException("a ring needs at least one frame, got " + frames);
        PacketCalls calls = PacketCalls.get();
        Arena arena = Arena.ofShared();
        MemorySegment errno = PacketCalls.errnoBuffer(arena);
        int ifindex = calls.ifNametoindex(errno, arena.allocateFrom(device));
        if (ifindex == 0) {
            int e = PacketCalls.errno(errno);
            arena.close();
            throw new NativeCallException("if_nametoindex", e, device);
        }
        // protocol 0: the socket only sends, the kernel hands it no received packets
        int fd = calls.socket(errno, PacketCalls.AF_PACKET, PacketCalls.SOCK_RAW | PacketCalls.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            int e = PacketCalls.errno(errno);
            arena.close();
            throw new NativeCallException("socket", e, "AF_PACKET SOCK_RAW");
        }
        int frameSize = align(HEADER_BYTES + maxFrameBytes, 16);
        int blockSize = Math.max(BLOCK_BYTES, align(frameSize, PAGE));
        int perBlock = blockSize / frameSize;
        int blocks = (frames + perBlock - 1) / perBlock;
        long mapped = (long) blockSize * blocks;
        MemorySegment ring = null;
        try {
            setInt(calls, errno, fd, PacketCalls.SOL_PACKET, PacketCalls.PACKET_VERSION, PacketCalls.TPACKET_V2, device, "PACKET_VERSION");
            setInt(calls, errno, fd, PacketCalls.SOL_PACKET, PacketCalls.PACKET_QDISC_BYPASS, 1, device, "PACKET_QDISC_BYPASS");
            // frames in flight are charged to the send buffer: room for the whole ring (FORCE needs CAP_NET_ADMIN)
            int sndbuf = (int) Math.min(Integer.MAX_VALUE / 2, mapped * 2);
            try {
                setInt(calls, errno, fd, PacketCalls.SOL_SOCKET, PacketCalls.SO_SNDBUFFORCE, sndbuf, device, "SO_SNDBUFFORCE");
            } catch (NativeCallException notAdmin) {
                setInt(calls, errno, fd, PacketCalls.SOL_SOCKET, PacketCalls.SO_SNDBUF, sndbuf, device, "SO_SNDBUF");
            }
            // struct tpacket_req { tp_block_size, tp_block_nr, tp_frame_size, tp_frame_nr }
            MemorySegment req = arena.allocate(16, 4);
            req.set(JAVA_INT, 0, blockSize);
            req.set(JAVA_INT, 4, blocks);
            req.set(JAVA_INT, 8, frameSize);
            req.set(JAVA_INT, 12, blocks * perBlock);
            if (calls.setsockopt(errno, fd, PacketCalls.SOL_PACKET, PacketCalls.PACKET_TX_RING, req, 16) != 0) {
                throw new NativeCallException("setsockopt", PacketCalls.errno(errno), "PACKET_TX_RING of " + blocks * perBlock
                        + " frames of " + frameSize + " bytes on " + device);
            }
            MemorySegment at = calls.mmap(errno, mapped, PacketCalls.PROT_READ | PacketCalls.PROT_WRITE, PacketCalls.MAP_SHARED, fd);
            if (at.address() == -1L || at.address() == 0L) {
                throw new NativeCallException("mmap", PacketCalls.errno(errno), mapped + " bytes of " + device + "'s TX ring");
            }
            // unmapped when the arena closes: a sender still writing then fails in Java, not on unmapped memory
            ring = at.reinterpret(mapped, arena, s -> unmap(calls, s, mapped));
            // struct sockaddr_ll { u16 family; be16 protocol; int ifindex; u16 hatype; u8 pkttype; u8 halen; u8 addr[8]; }
            MemorySegment addr = arena.allocate(20, 4);
            addr.set(JAVA_SHORT, 0, (short) PacketCalls.AF_PACKET);
            addr.set(JAVA_INT, 4, ifindex);
            if (calls.bind(errno, fd, addr, 20) != 0) {
                throw new NativeCallException("bind", PacketCalls.errno(errno), device);
            }
            MemorySegment[] slots = new MemorySegment[blocks * perBlock];
            for (int i = 0; i < slots.length; i++) {
                slots[i] = ring.asSlice((long) (i / perBlock) * blockSize + (long) (i % perBlock) * frameSize, frameSize);
            }
            return new PacketTxRing(calls, arena, errno, device, fd, maxFrameBytes, ring, slots);
        } catch (NativeCallException | RuntimeException e) {
            calls.close(errno, fd);
            arena.close();
            throw e;
        }
    }

    private static void unmap(PacketCalls calls, MemorySegment at, long length) {
        try (Arena a = Arena.ofConfined()) {
            calls.munmap(PacketCalls.errnoBuffer(a), at, length);
        }
    }

    private static void setInt(PacketCalls calls, MemorySegment errno, int fd, int level, int name, int value, String device,
                               String what) throws NativeCallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            v.set(JAVA_INT, 0, value);
            if (calls.setsockopt(errno, fd, level, name, v, 4) != 0) {
                throw new NativeCallException("setsockopt", PacketCalls.errno(errno), what + " on " + device);
            }
        }
    }

    private static int align(int n, int to) {
        return (n + to - 1) / to * to;
    }

    public String device() {
        return device;
    }

    /** Frames in the ring (at least what was asked). */
    public int frames() {
        return slots.length;
    }

    /** The longest frame a slot holds. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * The next slot's frame data ({@link #maxFrameBytes()} long) once the kernel has released it:
     * when the ring is full this flushes and waits, at most {@code wait}.
     *
     * @throws IOException when the kernel refused a frame of this slot as malformed, or did not
     *                     release the slot in time (its frames are stuck in the driver)
     */
    public MemorySegment next(Duration wait) throws IOException {
        ensureOpen();
        MemorySegment slot = slots[head];
        if ((int) STATUS.getAcquire(slot, (long) STATUS_OFFSET) != TP_STATUS_AVAILABLE) awaitRelease(slot, wait);
        return slot.asSlice(HEADER_BYTES, maxFrameBytes);
    }

    private void awaitRelease(MemorySegment slot, Duration wait) throws IOException {
        flush();
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = TimeUnit.MICROSECONDS.toNanos(20);
        while (true) {
            int status = (int) STATUS.getAcquire(slot, (long) STATUS_OFFSET);
            if (status == TP_STATUS_AVAILABLE) return;
            if ((status & TP_STATUS_WRONG_FORMAT) != 0) {
                throw new IOException(device + " refused a " + slot.get(JAVA_INT, LEN_OFFSET)
                        + "-byte frame as malformed (TP_STATUS_WRONG_FORMAT): longer than the MTU allows?");
            }
            if (status == TP_STATUS_SEND_REQUEST) flush(); // the kernel stopped short (ENOBUFS): ask again
            if (System.nanoTime() > deadline) {
                throw new IOException(device + "'s transmit ring is full: the kernel has not released a frame within "
                        + wait.toMillis() + " ms (status " + status + ")");
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Queues the frame written into the slot {@link #next} returned: its first {@code length} bytes. */
    public void submit(int length) {
        if (length < 14 || length > maxFrameBytes) {
            throw new IllegalArgumentException("a frame must be 14.." + maxFrameBytes + " bytes, got " + length);
        }
        MemorySegment slot = slots[head];
        slot.set(JAVA_INT, LEN_OFFSET, length);
        STATUS.setRelease(slot, (long) STATUS_OFFSET, TP_STATUS_SEND_REQUEST);
        head = head + 1 == slots.length ? 0 : head + 1;
        unflushed++;
    }

    /**
     * Hands every submitted frame to the driver ({@code sendto} with {@code MSG_DONTWAIT}); frames
     * the kernel could not take yet (no buffer) stay queued for the next flush.
     *
     * @return the bytes the kernel sent in this call
     */
    public long flush() throws NativeCallException {
        ensureOpen();
        if (unflushed == 0) return 0;
        long n;
        do {
            n = calls.sendto(errno, fd, PacketCalls.MSG_DONTWAIT);
        } while (n < 0 && PacketCalls.errno(errno) == PacketCalls.EINTR);
        if (n < 0) {
            int e = PacketCalls.errno(errno);
            if (e == PacketCalls.EAGAIN || e == PacketCalls.ENOBUFS) return 0;
            throw new NativeCallException("sendto", e, "TX ring on " + device);
        }
        unflushed = 0;
        return n;
    }

    /**
     * Takes back every frame submitted but not yet sent (after a {@link #flush} the kernel refused,
     * e.g. {@code ENETDOWN} while the link is down): they will never go, and the next
     * {@link #next} reuses their slots.
     *
     * @return how many frames were taken back
     */
    public int discardQueued() {
        ensureOpen();
        int discarded = 0;
        while (discarded < slots.length) {
            int previous = head == 0 ? slots.length - 1 : head - 1;
            MemorySegment slot = slots[previous];
            if ((int) STATUS.getAcquire(slot, (long) STATUS_OFFSET) != TP_STATUS_SEND_REQUEST) break;
            STATUS.setRelease(slot, (long) STATUS_OFFSET, TP_STATUS_AVAILABLE);
            head = previous;
            discarded++;
        }
        unflushed = 0;
        return discarded;
    }

    /**
     * Flushes and waits until the kernel has released every frame, at most {@code wait}.
     *
     * @return the frames still not released (0 when all left)
     */
    public int drain(Duration wait) throws NativeCallException {
        ensureOpen();
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (unflushed > 0) flush();
            int pending = 0;
            boolean queued = false;
            for (MemorySegment slot : slots) {
                int status = (int) STATUS.getAcquire(slot, (long) STATUS_OFFSET);
                if (status == TP_STATUS_SEND_REQUEST || status == TP_STATUS_SENDING) pending++;
                if (status == TP_STATUS_SEND_REQUEST) queued = true;
            }
            if (pending == 0 || System.nanoTime() > deadline) return pending;
            if (queued) unflushed = Math.max(unflushed, 1);
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        }
    }

    private void ensureOpen() {
        if (fd < 0) throw new IllegalStateException(device + "'s TX ring is closed");
    }

    /** Unmaps the ring and closes the socket (frames not yet sent are dropped by the kernel). */
    @Override
    public synchronized void close() {
        if (fd < 0) return;
        int open = fd;
        fd = -1;
        // a shared arena refuses to close while a call on another thread holds it: that call is short
        for (int attempt = 0; ; attempt++) {
            try {
                arena.close();
                break;
            } catch (IllegalStateException inUse) {
                if (attempt == 1000) throw inUse;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
        try (Arena a = Arena.ofConfined()) {
            calls.close(PacketCalls.errnoBuffer(a), open);
        }
    }
}
