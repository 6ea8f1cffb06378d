package dev.labdeck.agent.traffic;

import java.time.Instant;

/**
 * The wall clock (epoch nanoseconds) as the monotonic clock ({@link System#nanoTime()}, which is
 * {@code CLOCK_MONOTONIC} on Linux, the clock {@code bpf_ktime_get_ns()} reads) advances: what the
 * sources stamp into each packet and what the sink compares it with. Read once per engine or sink,
 * so per packet it costs one {@code nanoTime()}.
 */
final class WallClock {
    private static final int TRIES = 16;

    private WallClock() {}

    /**
     * Wall clock minus monotonic clock, in ns, read between two monotonic readings as close together
     * as a few tries allow (a thread preempted between the two readings would otherwise put its
     * packets' send or arrival times off by the preemption, on a busy host milliseconds).
     */
    static long realtimeMinusMonotonic() {
        long best = Long.MAX_VALUE;
        long offset = 0;
        for (int i = 0; i < TRIES; i++) {
            long before = System.nanoTime();
            Instant now = Instant.now();
            long after = System.nanoTime();
            if (after - before < best) {
                best = after - before;
                offset = now.getEpochSecond() * 1_000_000_000L + now.getNano() - (before + (after - before) / 2);
            }
        }
        return offset;
    }
}
