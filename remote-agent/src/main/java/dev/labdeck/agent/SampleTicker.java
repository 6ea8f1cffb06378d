package dev.labdeck.agent;

import dev.labdeck.protocol.RunSession;
import dev.labdeck.protocol.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects every feature's samples at the session's interval, on a fixed rate, and hands each
 * tick to the event stream subscribers.
 */
final class SampleTicker {
    private static final Logger log = LoggerFactory.getLogger(SampleTicker.class);
    private final List<AgentFeature> features;
    /** The session: its interval, and the metric groups it asks for. */
    private final Supplier<RunSession> session;
    private final CopyOnWriteArrayList<Consumer<List<Sample>>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;
    private Thread thread;

    SampleTicker(List<AgentFeature> features, Supplier<RunSession> session) {
        this.features = features;
        this.session = session;
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("sample-ticker").start(this::run);
    }

    void stop() {
        stopped = true;
        if (thread != null) LockSupport.unpark(thread);
    }

    /** Wakes the ticker so a changed interval applies from now. */
    void restart() {
        if (thread != null) LockSupport.unpark(thread);
    }

    AutoCloseable subscribe(Consumer<List<Sample>> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** One round of samples from every feature, now: only the groups the session asks for. */
    List<Sample> collect() {
        long now = System.currentTimeMillis();
        List<Sample> samples = new ArrayList<>();
        for (AgentFeature f : features) {
            try {
                f.sample(now, samples);
            } catch (RuntimeException e) {
                log.warn("feature {} failed to sample", f.name(), e);
            }
        }
        RunSession s = session.get();
        samples.removeIf(sample -> !s.samples(sample.metric()));
        return samples;
    }

    private void run() {
        long interval = Math.max(10, session.get().sampleIntervalMs());
        long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(interval);
        while (!stopped) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                long current = Math.max(10, session.get().sampleIntervalMs());
                if (current != interval) { // a session changed the interval: restart the schedule
                    interval = current;
                    next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(interval);
                }
                continue;
            }
            next += TimeUnit.MILLISECONDS.toNanos(interval);
            if (next < System.nanoTime()) next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(interval);
            if (listeners.isEmpty()) continue;
            List<Sample> samples = List.copyOf(collect());
            for (Consumer<List<Sample>> l : listeners) l.accept(samples);
        }
    }
}
