package dev.labdeck.controller.engine;

import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.protocol.Sample;
import dev.labdeck.controller.run.HostState;
import dev.labdeck.controller.run.RunEvent;
import dev.labdeck.controller.run.RunListener;
import dev.labdeck.controller.run.RunPhase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Keeps everything a run reports, and lets a test wait for a phase. */
final class RecordingListener implements RunListener {
    final List<RunPhase> phases = new CopyOnWriteArrayList<>();
    final List<String> hostStates = new CopyOnWriteArrayList<>();
    final List<RunEvent> events = new CopyOnWriteArrayList<>();
    final List<Sample> samples = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    final CountDownLatch measuring = new CountDownLatch(1);
    volatile RunSummary finished;

    @Override
    public void phase(RunPhase phase) {
        threads.add(Thread.currentThread());
        phases.add(phase);
        if (phase == RunPhase.MEASURE) {
            measuring.countDown();
        }
    }

    @Override
    public void hostState(String host, HostState state, String detail) {
        hostStates.add(host + "=" + state);
    }

    @Override
    public void samples(String host, List<Sample> s) {
        samples.addAll(s);
    }

    @Override
    public void event(RunEvent event) {
        events.add(event);
    }

    @Override
    public void finished(RunSummary summary) {
        finished = summary;
    }
}
