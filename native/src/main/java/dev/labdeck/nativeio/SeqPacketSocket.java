package dev.labdeck.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An AF_UNIX SOCK_SEQPACKET client (the JDK's SocketChannel speaks only SOCK_STREAM): each send is
 * one message and each receive returns exactly one. Owns its file descriptor and the arena of its
 * buffers; not thread-safe.
 */
public final class SeqPacketSocket implements AutoCloseable {
    /** {@code sizeof(sun_path)} on Linux. */
    private static final int SUN_PATH_MAX = 108;

    private final Libc libc;
    private final Arena arena;
    private final MemorySegment errno;
    private final String path;
    private MemorySegment buffer;
    private int fd;

    private SeqPacketSocket(Libc libc, Arena arena, int fd, String path) {
        this.libc = libc;
        this.arena = arena;
        this.errno = Libc.errnoBuffer(arena);
        this.fd = fd;
        this.path = path;
    }

    /**
     * Connects to {@code path}; a leading {@code @} names a socket in the abstract namespace.
     * Sends and receives time out after {@code timeout}.
     */
    public static SeqPacketSocket connect(String path, Duration timeout) throws NativeCallException {
        Libc libc = Libc.get();
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        boolean isAbstract = name.length > 0 && name[0] == '@';
        if (name.length + (isAbstract ? 0 : 1) > SUN_PATH_MAX) {
            throw new IllegalArgumentException("unix socket path longer than " + SUN_PATH_MAX + " bytes: " + path);
        }
        Arena arena = Arena.ofShared();
        MemorySegment capture = Libc.errnoBuffer(arena);
        int fd = libc.socket(capture, Libc.AF_UNIX, Libc.SOCK_SEQPACKET | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            int e = Libc.errno(capture);
            arena.close();
            throw new NativeCallException("socket", e, "AF_UNIX SOCK_SEQPACKET");
        }
        SeqPacketSocket s = new SeqPacketSocket(libc, arena, fd, path);
        try {
            s.setTimeout(Libc.SO_RCVTIMEO, timeout);
            s.setTimeout(Libc.SO_SNDTIMEO, timeout);
            // struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; }
            MemorySegment addr = arena.allocate(2 + SUN_PATH_MAX);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_UNIX);
            int len;
            if (isAbstract) {
                // abstract: sun_path[0] = 0, then the name without terminator; the length counts exactly
                MemorySegment.copy(name, 1, addr, ValueLayout.JAVA_BYTE, 3, name.length - 1);
                len = 2 + name.length;
            } else {
                MemorySegment.copy(name, 0, addr, ValueLayout.JAVA_BYTE, 2, name.length);
                len = 2 + name.length + 1;
            }
            if (libc.connect(s.errno, fd, addr, len) != 0) {
                throw new NativeCallException("connect", Libc.errno(s.errno), path);
            }
            return s;
        } catch (NativeCallException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void setTimeout(int option, Duration timeout) throws NativeCallException {
        // struct timeval { long tv_sec; long tv_usec; }
        MemorySegment tv = arena.allocate(16);
        tv.set(ValueLayout.JAVA_LONG, 0, timeout.toSeconds());
        tv.set(ValueLayout.JAVA_LONG, 8, timeout.toNanosPart() / 1000L);
        if (libc.setsockopt(errno, fd, Libc.SOL_SOCKET, option, tv, 16) != 0) {
            throw new NativeCallException("setsockopt", Libc.errno(errno), path);
        }
    }

    /** Sends one message. */
    public void send(byte[] message) throws NativeCallException {
        ensureOpen();
        MemorySegment buf = scratch(message.length);
        MemorySegment.copy(message, 0, buf, ValueLayout.JAVA_BYTE, 0, message.length);
        long n;
        do {
            n = libc.send(errno, fd, buf, message.length, Libc.MSG_NOSIGNAL);
        } while (n < 0 && Libc.errno(errno) == Libc.EINTR);
        if (n < 0) {
            throw new NativeCallException("send", Libc.errno(errno), path);
        }
    }

    public void send(String message) throws NativeCallException {
        send(message.getBytes(StandardCharsets.UTF_8));
    }

    /** Receives one message of at most {@code maxBytes} (longer ones are truncated by the kernel). */
    public byte[] receive(int maxBytes) throws NativeCallException {
        ensureOpen();
        MemorySegment buf = scratch(maxBytes);
        long n;
        do {
            n = libc.recv(errno, fd, buf, maxBytes, 0);
        } while (n < 0 && Libc.errno(errno) == Libc.EINTR);
        if (n < 0) {
            int e = Libc.errno(errno);
            throw new NativeCallException("recv", e, path + (e == Libc.EAGAIN ? ", timed out" : ""));
        }
        return buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    }

    public String receiveString(int maxBytes) throws NativeCallException {
        return new String(receive(maxBytes), StandardCharsets.UTF_8);
    }

    public String path() {
        return path;
    }

    private MemorySegment scratch(long size) {
        if (buffer == null || buffer.byteSize() < size) {
            buffer = arena.allocate(Math.max(size, 4096));
        }
        return buffer;
    }

    private void ensureOpen() {
        if (fd < 0) {
            throw new IllegalStateException("socket " + path + " is closed");
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            libc.close(errno, fd);
            fd = -1;
            arena.close();
        }
    }
}
