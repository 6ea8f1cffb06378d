package dev.labdeck.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * CPU pinning through {@code sched_setaffinity(2)}. Pid 0 means the calling thread, which is how a
 * process is started already pinned: the child inherits the mask of the thread that spawns it.
 */
public final class CpuAffinity {
    /** Bytes of glibc's {@code cpu_set_t}: 1024 CPUs. */
    private static final int CPU_SET_BYTES = 128;

    private CpuAffinity() {}

    /** Pins {@code pid} (0 = the calling thread) to {@code cores}. */
    public static void set(long pid, Collection<Integer> cores) throws NativeCallException {
        if (cores.isEmpty()) {
            throw new IllegalArgumentException("no cores to pin to");
        }
        Libc libc = Libc.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(CPU_SET_BYTES);
            for (int core : cores) {
                if (core < 0 || core >= CPU_SET_BYTES * 8) {
                    throw new IllegalArgumentException("core " + core + " out of range 0.." + (CPU_SET_BYTES * 8 - 1));
                }
                long word = mask.getAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, core / 64);
                mask.setAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, core / 64, word | (1L << (core % 64)));
            }
            MemorySegment errno = Libc.errnoBuffer(arena);
            if (libc.schedSetaffinity(errno, Math.toIntExact(pid), CPU_SET_BYTES, mask) != 0) {
                throw new NativeCallException("sched_setaffinity", Libc.errno(errno), "pid " + pid + ", cores " + cores);
            }
        }
    }

    /** The cores {@code pid} (0 = the calling thread) may run on. */
    public static SortedSet<Integer> get(long pid) throws NativeCallException {
        Libc libc = Libc.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(CPU_SET_BYTES);
            MemorySegment errno = Libc.errnoBuffer(arena);
            if (libc.schedGetaffinity(errno, Math.toIntExact(pid), CPU_SET_BYTES, mask) != 0) {
                throw new NativeCallException("sched_getaffinity", Libc.errno(errno), "pid " + pid);
            }
            SortedSet<Integer> cores = new TreeSet<>();
            for (int i = 0; i < CPU_SET_BYTES * 8; i++) {
                long word = mask.getAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, i / 64);
                if ((word & (1L << (i % 64))) != 0) {
                    cores.add(i);
                }
            }
            return cores;
        }
    }
}
