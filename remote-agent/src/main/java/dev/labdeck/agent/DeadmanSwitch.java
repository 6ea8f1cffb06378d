package dev.labdeck.agent;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Fires once when no heartbeat came for the timeout, so an agent whose controller died or lost
 * its tunnel stops its traffic and processes by itself. Armed once the agent listens; every
 * authorized request counts as a beat. Until the controller's first request it waits at least
 * {@link #FIRST_CONTACT_MS}: on a loaded host the controller may need longer than a short
 * heartbeat timeout to see the ready file and open its tunnel, and an agent gone by then is a
 * run that never starts.
 */
final class DeadmanSwitch {
    /** How long an agent waits for its controller's first request: the controller's agent start timeout. */
    static final long FIRST_CONTACT_MS = 60_000;

    private final Runnable onFire;
    private final long firstContactMs;
    private volatile boolean contacted;
    private final AtomicBoolean fired = new AtomicBoolean();
    private volatile long timeoutMs;
    private volatile long lastBeatNanos = System.nanoTime();
    private volatile boolean stopped;
    private Thread thread;

    /** @param timeoutMs 0 or less: never fires (until a session sets a timeout) */
    DeadmanSwitch(long timeoutMs, Runnable onFire) {
        this(timeoutMs, FIRST_CONTACT_MS, onFire);
    }

    DeadmanSwitch(long timeoutMs, long firstContactMs, Runnable onFire) {
        this.timeoutMs = timeoutMs;
        this.firstContactMs = firstContactMs;
        this.onFire = onFire;
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("deadman-switch").start(this::watch);
    }

    void beat() {
        lastBeatNanos = System.nanoTime();
    }

    /** A request of the controller: a beat, and from now on the heartbeat timeout alone counts. */
    void contact() {
        beat();
        contacted = true;
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
            if (timeout > 0 && !contacted) timeout = Math.max(timeout, firstContactMs);
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
