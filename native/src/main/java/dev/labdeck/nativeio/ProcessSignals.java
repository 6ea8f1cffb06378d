package dev.labdeck.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** {@code kill(2)} to one process or a whole process group, and {@code getpgid(2)}. */
public final class ProcessSignals {
    private ProcessSignals() {}

    /**
     * Sends {@code signal} to every process of group {@code pgid}.
     *
     * @return false when the group has no process left (ESRCH), true when the signal was sent
     */
    public static boolean signalGroup(long pgid, Signal signal) throws NativeCallException {
        if (pgid <= 1) {
            throw new IllegalArgumentException("refusing to signal process group " + pgid);
        }
        return send(-Math.toIntExact(pgid), signal.number(), "process group " + pgid);
    }

    /** Sends {@code signal} to one process; false when it no longer exists. */
    public static boolean signalProcess(long pid, Signal signal) throws NativeCallException {
        if (pid <= 1) {
            throw new IllegalArgumentException("refusing to signal pid " + pid);
        }
        return send(Math.toIntExact(pid), signal.number(), "pid " + pid);
    }

    /** True while the group has at least one process (signal 0 probes without sending). */
    public static boolean groupAlive(long pgid) throws NativeCallException {
        return send(-Math.toIntExact(pgid), 0, "process group " + pgid);
    }

    /** The process group of {@code pid}, or -1 when it does not exist. */
    public static long processGroup(long pid) throws NativeCallException {
        Libc libc = Libc.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoBuffer(arena);
            int pg = libc.getpgid(errno, Math.toIntExact(pid));
            if (pg < 0) {
                int e = Libc.errno(errno);
                if (e == Libc.ESRCH) {
                    return -1;
                }
                throw new NativeCallException("getpgid", e, "pid " + pid);
            }
            return pg;
        }
    }

    private static boolean send(int target, int signal, String what) throws NativeCallException {
        Libc libc = Libc.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoBuffer(arena);
            if (libc.kill(errno, target, signal) != 0) {
                int e = Libc.errno(errno);
                if (e == Libc.ESRCH) {
                    return false;
                }
                throw new NativeCallException("kill", e, "signal " + Signal.nameOf(signal) + " to " + what);
            }
            return true;
        }
    }
}
