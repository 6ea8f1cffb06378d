package dev.labdeck.controller.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the run's listener one call at a time, in order, on one background thread, so a slow
 * listener (the GUI, a terminal) delays later calls but never the run itself.
 */
final class ListenerDispatch {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerDispatch.class);

    private final ExecutorService thread =
            Executors.newSingleThreadExecutor(Thread.ofVirtual().name("labdeck-run-listener").factory());

    void call(Runnable call) {
        try {
            thread.execute(() -> {
                try {
                    call.run();
                } catch (RuntimeException ex) {
                    LOG.warn("run listener failed", ex);
                }
            });
        } catch (RejectedExecutionException late) {
            // an agent event that arrives after the run finished has no one left to tell
        }
    }

    /** Lets the calls already queued finish (up to 10 s), then takes no more. */
    void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("run listener still busy 10 s after the run ended");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
