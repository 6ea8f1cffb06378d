package dev.labdeck.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

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
 * The few libc functions LabDeck calls, bound once through FFM with errno captured by the linker
 * (reading errno afterwards from Java would be unreliable: the JVM may have called libc since).
 * Loaded lazily on first use; on anything but Linux {@link #get()} throws
 * {@link NativeUnavailableException} with the reason.
 */
public final class Libc {
    public static final int AF_UNIX = 1;
    public static final int SOCK_SEQPACKET = 5;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_SNDTIMEO = 21;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int EINTR = 4;
    public static final int ESRCH = 3;
    public static final int EAGAIN = 11;

    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private final MethodHandle socket;
    private final MethodHandle connect;
    private final MethodHandle send;
    private final MethodHandle recv;
    private final MethodHandle close;
    private final MethodHandle setsockopt;
    private final MethodHandle schedSetaffinity;
    private final MethodHandle schedGetaffinity;
    private final MethodHandle kill;
    private final MethodHandle getpgid;
    private final MethodHandle getuid;
    private final MethodHandle strerror;

    private Libc() {
        Linker linker = Linker.nativeLinker();
        SymbolLookup lookup = linker.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        socket = bind(linker, lookup, "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), errno);
        connect = bind(linker, lookup, "connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        send = bind(linker, lookup, "send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), errno);
        recv = bind(linker, lookup, "recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), errno);
        close = bind(linker, lookup, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), errno);
        setsockopt = bind(linker, lookup, "setsockopt",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        schedSetaffinity = bind(linker, lookup, "sched_setaffinity",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), errno);
        schedGetaffinity = bind(linker, lookup, "sched_getaffinity",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), errno);
        kill = bind(linker, lookup, "kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), errno);
        getpgid = bind(linker, lookup, "getpgid", FunctionDescriptor.of(JAVA_INT, JAVA_INT), errno);
        getuid = linker.downcallHandle(find(lookup, "getuid"), FunctionDescriptor.of(JAVA_INT));
        strerror = linker.downcallHandle(find(lookup, "strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    private static MethodHandle bind(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor fd,
                                     Linker.Option option) {
        return linker.downcallHandle(find(lookup, name), fd, option);
    }

    private static MemorySegment find(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new NativeUnavailableException("libc has no " + name));
    }

    private static final class Holder {
        static final Libc INSTANCE;
        static final RuntimeException FAILURE;

        static {
            Libc lib = null;
            RuntimeException failure = null;
            String os = System.getProperty("os.name", "");
            if (!os.toLowerCase(Locale.ROOT).contains("linux")) {
                failure = new NativeUnavailableException("not Linux (" + os + ")");
            } else {
                try {
                    lib = new Libc();
                } catch (NativeUnavailableException e) {
                    failure = e;
                } catch (RuntimeException | LinkageError e) {
                    failure = new NativeUnavailableException("libc binding failed: " + e.getMessage(), e);
                }
            }
            INSTANCE = lib;
            FAILURE = failure;
        }
    }

    /** The bound library; throws {@link NativeUnavailableException} off Linux. */
    public static Libc get() {
        if (Holder.INSTANCE == null) {
            throw Holder.FAILURE;
        }
        return Holder.INSTANCE;
    }

    /** Null when usable, else "unavailable: why". */
    public static String unavailableReason() {
        return Holder.INSTANCE == null ? Holder.FAILURE.getMessage() : null;
    }

    /** A buffer for the errno the linker captures; one per call site, from the caller's arena. */
    static MemorySegment errnoBuffer(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** {@code strerror(errno)}, or "errno N" when libc cannot be reached. */
    public static String strerror(int errno) {
        if (Holder.INSTANCE == null) {
            return "errno " + errno;
        }
        try {
            MemorySegment s = (MemorySegment) Holder.INSTANCE.strerror.invokeExact(errno);
            return s.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
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

    int connect(MemorySegment capture, int fd, MemorySegment addr, int len) {
        try {
            return (int) connect.invokeExact(capture, fd, addr, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long send(MemorySegment capture, int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) send.invokeExact(capture, fd, buf, len, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long recv(MemorySegment capture, int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) recv.invokeExact(capture, fd, buf, len, flags);
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

    int setsockopt(MemorySegment capture, int fd, int level, int name, MemorySegment value, int len) {
        try {
            return (int) setsockopt.invokeExact(capture, fd, level, name, value, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int schedSetaffinity(MemorySegment capture, int pid, long size, MemorySegment mask) {
        try {
            return (int) schedSetaffinity.invokeExact(capture, pid, size, mask);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int schedGetaffinity(MemorySegment capture, int pid, long size, MemorySegment mask) {
        try {
            return (int) schedGetaffinity.invokeExact(capture, pid, size, mask);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int kill(MemorySegment capture, int pid, int signal) {
        try {
            return (int) kill.invokeExact(capture, pid, signal);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int getpgid(MemorySegment capture, int pid) {
        try {
            return (int) getpgid.invokeExact(capture, pid);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The real user id of this process (DPDK picks its runtime directory by it). */
    public int getuid() {
        try {
            return (int) getuid.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
