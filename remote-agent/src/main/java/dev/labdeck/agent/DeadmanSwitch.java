package dev.labdeck.agent;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Fires once when no heartbeat came for the timeout, so an agent whose controller died or lost
 * its tunnel stops its traffic and processes by itself. Armed once the agent listens; every
 * authorized request counts as a beat.
 */
final class DeadmanSwitch {
    private final Runnable onFire;
    private final AtomicBoolean fired = new AtomicBoolean();
    private volatile long timeoutMs;
    private volatile long lastBeatNanos = System.nanoTime();
    private volatile boolean stopped;
    private Thread thread;

    /** @param timeoutMs 0 or less: never fires (until a session sets a timeout) */
    DeadmanSwitch(long timeoutMs, Runnable onFire) {
        this.timeoutMs = timeoutMs;
        this.onFire = onFire;
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("deadman-switch").start(this::watch);
    }

    void beat() {
        lastBeatNanos = System.nanoTime();
    }

    /** Changes the timeout and counts it from now. */
    void timeout(long ms) {
        beat();
        timeoutMs = ms;
        if (thread != null) LockSupport.unpark(thread);
    }

    long timeoutMs() {
        return timeoutMs;
    }

    boolean fired() {
        return fired.get();
    }

    void stop() {
        stopped = true;
        if (thread != null) LockSupport.unpark(thread);
    }

    private void watch() {
        while (!stopped) {
            long timeout = timeoutMs;
            if (timeout <= 0) {
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                continue;
            }
            long left = lastBeatNanos + TimeUnit.MILLISECONDS.toNanos(timeout) - System.nanoTime();
            if (left <= 0) {
                if (fired.compareAndSet(false, true)) onFire.run();
                return;
            }
            // wake at least every 250 ms: a beat only moves the deadline later, a new timeout unparks us
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(250)));
        }
    }
}
