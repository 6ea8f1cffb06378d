package dev.labdeck.nativeio.packet;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.labdeck.nativeio.NativeCallException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A connected UDP socket that sends up to {@link #batch()} datagrams per system call with
 * {@code sendmmsg(2)}: the caller writes each datagram into its buffer and length, then
 * {@link #send(int)} hands them over together. The socket blocks while the kernel's send buffer
 * is full, like a blocking {@code write}. Owns its socket, buffers and message vector in one
 * arena; used by one thread at a time. Linux only.
 */
public final class UdpBatchSender implements AutoCloseable {
    /** struct iovec { void *iov_base; size_t iov_len; } */
    static final StructLayout IOVEC = MemoryLayout.structLayout(ADDRESS.withName("iov_base"), JAVA_LONG.withName("iov_len"));
    /** struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; } on LP64. */
    static final StructLayout MMSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4),
            JAVA_INT.withName("msg_len"),
            MemoryLayout.paddingLayout(4));
    private static final long IOV_LEN = IOVEC.byteOffset(MemoryLayout.PathElement.groupElement("iov_len"));
    public static final int MAX_BATCH = 1024;
    static final int REFUSED_RETRIES = 8;

    private final PacketCalls calls;
    private final Arena arena;
    private final MemorySegment errno;
    private final MemorySegment messages;
    private final MemorySegment iovecs;
    private final MemorySegment[] buffers;
    private final String peer;
    private int fd;

    private UdpBatchSender(PacketCalls calls, Arena arena, MemorySegment errno, int fd, MemorySegment messages, MemorySegment iovecs,
                           MemorySegment[] buffers, String peer) {
        this.calls = calls;
        this.arena = arena;
        this.errno = errno;
        this.fd = fd;
        this.messages = messages;
        this.iovecs = iovecs;
        this.buffers = buffers;
        this.peer = peer;
    }

    /**
     * Opens a UDP socket bound to {@code local} (address may be the wildcard, port 0 for any) and
     * connected to {@code remote}, with {@code batch} buffers of {@code maxBytes} each.
     *
     * @param sendBuffer SO_SNDBUF in bytes, 0 for the system's default
     */
    public static UdpBatchSender open(InetSocketAddress local, InetSocketAddress remote, int maxBytes, int batch, int sendBuffer)
            throws NativeCallException {
        if (batch < 1 || batch > MAX_BATCH) throw new IllegalArgumentException("batch must be 1.." + MAX_BATCH + ", got " + batch);
        if (maxBytes < 1 || maxBytes > 65_507) throw new IllegalArgumentException("datagrams are 1..65507 bytes, got " + maxBytes);
        PacketCalls calls = PacketCalls.get();
        boolean v4 = remote.getAddress() instanceof Inet4Address;
        Arena arena = Arena.ofShared();
        MemorySegment errno = PacketCalls.errnoBuffer(arena);
        int fd = calls.socket(errno, v4 ? PacketCalls.AF_INET : PacketCalls.AF_INET6, PacketCalls.SOCK_DGRAM | PacketCalls.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            int e = PacketCalls.errno(errno);
            arena.close();
            throw new NativeCallException("socket", e, v4 ? "AF_INET SOCK_DGRAM" : "AF_INET6 SOCK_DGRAM");
        }
        String peer = remote.getAddress().getHostAddress() + " port " + remote.getPort();
        try {
            if (sendBuffer > 0) {
                MemorySegment v = arena.allocateFrom(JAVA_INT, sendBuffer);
                if (calls.setsockopt(errno, fd, PacketCalls.SOL_SOCKET, PacketCalls.SO_SNDBUF, v, 4) != 0) {
                    throw new NativeCallException("setsockopt", PacketCalls.errno(errno), "SO_SNDBUF");
                }
            }
            InetAddress localAddress = local.getAddress() != null ? local.getAddress()
                    : InetAddress.getByAddress(new byte[v4 ? 4 : 16]);
            MemorySegment localAddr = sockaddr(arena, localAddress, local.getPort());
            if (calls.bind(errno, fd, localAddr, (int) localAddr.byteSize()) != 0) {
                throw new NativeCallException("bind", PacketCalls.errno(errno), localAddress.getHostAddress() + " port " + local.getPort());
            }
            MemorySegment remoteAddr = sockaddr(arena, remote.getAddress(), remote.getPort());
            if (calls.connect(errno, fd, remoteAddr, (int) remoteAddr.byteSize()) != 0) {
                throw new NativeCallException("connect", PacketCalls.errno(errno), peer);
            }
            MemorySegment messages = arena.allocate(MMSGHDR, batch);
            MemorySegment iovecs = arena.allocate(IOVEC, batch);
            MemorySegment[] buffers = new MemorySegment[batch];
            for (int i = 0; i < batch; i++) {
                buffers[i] = arena.allocate(maxBytes, 64);
                MemorySegment iov = iovecs.asSlice(i * IOVEC.byteSize(), IOVEC.byteSize());
                iov.set(ADDRESS, 0, buffers[i]);
                iov.set(JAVA_LONG, IOV_LEN, maxBytes);
                MemorySegment m = messages.asSlice(i * MMSGHDR.byteSize(), MMSGHDR.byteSize());
                m.set(ADDRESS, MMSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("msg_iov")), iov);
                m.set(JAVA_LONG, MMSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("msg_iovlen")), 1L);
            }
            return new UdpBatchSender(calls, arena, errno, fd, messages, iovecs, buffers, peer);
        } catch (NativeCallException | RuntimeException e) {
            calls.close(errno, fd);
            arena.close();
            throw e;
        } catch (java.net.UnknownHostException e) {
            calls.close(errno, fd);
            arena.close();
            throw new IllegalStateException(e);
        }
    }

    /** struct sockaddr_in or sockaddr_in6, port in network order. */
    private static MemorySegment sockaddr(Arena arena, InetAddress address, int port) {
        byte[] a = address.getAddress();
        MemorySegment s = arena.allocate(a.length == 4 ? 16 : 28, 4);
        s.set(JAVA_SHORT, 0, (short) (a.length == 4 ? PacketCalls.AF_INET : PacketCalls.AF_INET6));
        s.set(JAVA_BYTE, 2, (byte) (port >> 8));
        s.set(JAVA_BYTE, 3, (byte) port);
        MemorySegment.copy(a, 0, s, JAVA_BYTE, a.length == 4 ? 4 : 8, a.length);
        return s;
    }

    public int batch() {
        return buffers.length;
    }

    /** Datagram {@code i}'s buffer in the batch. */
    public MemorySegment buffer(int i) {
        return buffers[i];
    }

    /** Sets datagram {@code i}'s length. */
    public void length(int i, int bytes) {
        iovecs.set(JAVA_LONG, i * IOVEC.byteSize() + IOV_LEN, bytes);
    }

    /**
     * Sends datagrams {@code 0..count-1} in order with as few {@code sendmmsg} calls as the kernel
     * allows. An ICMP error drawn by an earlier datagram is reported on a later send
     * ({@code ECONNREFUSED}) and that datagram does not go: it is sent again, up to
     * {@value #REFUSED_RETRIES} times in a row; then the call stops there.
     *
     * @return how many of them the kernel took: datagrams {@code 0..n-1}
     */
    public int send(int count) throws NativeCallException {
        if (fd < 0) throw new IllegalStateException("the UDP socket to " + peer + " is closed");
        int done = 0;
        int refused = 0;
        while (done < count) {
            int n = calls.sendmmsg(errno, fd, messages.asSlice(done * MMSGHDR.byteSize()), count - done, 0);
            if (n < 0) {
                int e = PacketCalls.errno(errno);
                if (e == PacketCalls.EINTR) continue;
                if (e == PacketCalls.ECONNREFUSED && ++refused <= REFUSED_RETRIES) continue;
                if (e == PacketCalls.ECONNREFUSED) return done;
                // what went before the failure was sent and is counted; the error comes again on the next call
                if (done > 0) return done;
                throw new NativeCallException("sendmmsg", e, "UDP to " + peer);
            }
            refused = 0;
            done += n;
        }
        return done;
    }

    @Override
    public synchronized void close() {
        if (fd < 0) return;
        int open = fd;
        fd = -1;
        try (Arena a = Arena.ofConfined()) {
            calls.close(PacketCalls.errnoBuffer(a), open);
        }
        for (int attempt = 0; ; attempt++) {
            try {
                arena.close();
                return;
            } catch (IllegalStateException inUse) {
                if (attempt == 1000) throw inUse;
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        }
    }
}
