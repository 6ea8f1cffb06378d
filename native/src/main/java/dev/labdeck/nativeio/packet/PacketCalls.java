package dev.labdeck.nativeio.packet;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.labdeck.nativeio.NativeUnavailableException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * The libc calls a packet socket needs, bound once with errno captured by the linker. Loaded on
 * first use; off Linux {@link #get()} throws {@link NativeUnavailableException}.
 */
final class PacketCalls {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int ECONNREFUSED = 111;
    static final int AF_PACKET = 17;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_SNDBUFFORCE = 32;
    static final int SOL_PACKET = 263;
    static final int PACKET_VERSION = 10;
    static final int PACKET_TX_RING = 13;
    static final int PACKET_QDISC_BYPASS = 20;
    static final int TPACKET_V2 = 1;
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_SHARED = 1;
    static final int MSG_DONTWAIT = 0x40;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ENOBUFS = 105;

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private final MethodHandle socket;
    private final MethodHandle setsockopt;
    private final MethodHandle bind;
    private final MethodHandle sendto;
    private final MethodHandle mmap;
    private final MethodHandle munmap;
    private final MethodHandle close;
    private final MethodHandle ifNametoindex;
    private final MethodHandle connect;
    private final MethodHandle sendmmsg;

    private PacketCalls() {
        Linker linker = Linker.nativeLinker();
        SymbolLookup lookup = linker.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        socket = bind(linker, lookup, "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), errno);
        setsockopt = bind(linker, lookup, "setsockopt",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        bind = bind(linker, lookup, "bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        sendto = bind(linker, lookup, "sendto",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), errno);
        mmap = bind(linker, lookup, "mmap",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), errno);
        munmap = bind(linker, lookup, "munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), errno);
        close = bind(linker, lookup, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), errno);
        ifNametoindex = bind(linker, lookup, "if_nametoindex", FunctionDescriptor.of(JAVA_INT, ADDRESS), errno);
        connect = bind(linker, lookup, "connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        sendmmsg = bind(linker, lookup, "sendmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), errno);
    }

    private static MethodHandle bind(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor fd, Linker.Option option) {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new NativeUnavailableException("libc has no " + name));
        return linker.downcallHandle(symbol, fd, option);
    }

    private static final class Holder {
        static final PacketCalls INSTANCE;
        static final RuntimeException FAILURE;

        static {
            PacketCalls calls = null;
            RuntimeException failure = null;
            String os = System.getProperty("os.name", "");
            if (!os.toLowerCase(Locale.ROOT).contains("linux")) {
                failure = new NativeUnavailableException("packet sockets need Linux (this is " + os + ")");
            } else {
                try {
                    calls = new PacketCalls();
                } catch (NativeUnavailableException e) {
                    failure = e;
                } catch (RuntimeException | LinkageError e) {
                    failure = new NativeUnavailableException("libc binding failed: " + e.getMessage(), e);
                }
            }
            INSTANCE = calls;
            FAILURE = failure;
        }
    }

    static PacketCalls get() {
        if (Holder.INSTANCE == null) throw Holder.FAILURE;
        return Holder.INSTANCE;
    }

    static MemorySegment errnoBuffer(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    int socket(MemorySegment capture, int domain, int type, int protocol) {
        try {
            return (int) socket.invokeExact(capture, domain, type, protocol);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int setsockopt(MemorySegment capture, int fd, int level, int name, MemorySegment value, int len) {
        try {
            return (int) setsockopt.invokeExact(capture, fd, level, name, value, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int bind(MemorySegment capture, int fd, MemorySegment addr, int len) {
        try {
            return (int) bind.invokeExact(capture, fd, addr, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long sendto(MemorySegment capture, int fd, int flags) {
        try {
            return (long) sendto.invokeExact(capture, fd, MemorySegment.NULL, 0L, flags, MemorySegment.NULL, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment mmap(MemorySegment capture, long length, int prot, int flags, int fd) {
        try {
            return (MemorySegment) mmap.invokeExact(capture, MemorySegment.NULL, length, prot, flags, fd, 0L);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int munmap(MemorySegment capture, MemorySegment addr, long length) {
        try {
            return (int) munmap.invokeExact(capture, addr, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int close(MemorySegment capture, int fd) {
        try {
            return (int) close.invokeExact(capture, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int connect(MemorySegment capture, int fd, MemorySegment addr, int len) {
        try {
            return (int) connect.invokeExact(capture, fd, addr, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int sendmmsg(MemorySegment capture, int fd, MemorySegment messages, int count, int flags) {
        try {
            return (int) sendmmsg.invokeExact(capture, fd, messages, count, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int ifNametoindex(MemorySegment capture, MemorySegment name) {
        try {
            return (int) ifNametoindex.invokeExact(capture, name);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
