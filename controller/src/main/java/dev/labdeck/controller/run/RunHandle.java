package dev.labdeck.controller.run;

import dev.labdeck.controller.results.RunSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A run in progress: abort it, or wait for its summary. */
public final class RunHandle {
    private final String runId;
    private final Path runDirectory;
    private final Runnable abort;
    private final CompletableFuture<RunSummary> done;

    /** For the engine, which completes {@code done} once the run is torn down and reported. */
    public RunHandle(String runId, Path runDirectory, Runnable abort, CompletableFuture<RunSummary> done) {
        this.runId = runId;
        this.runDirectory = runDirectory;
        this.abort = abort;
        this.done = done;
    }

    public String runId() {
        return runId;
    }

    /** Where the run's files are written (they appear while it goes). */
    public Path runDirectory() {
        return runDirectory;
    }

    /** Asks the run to stop: it leaves the phase it is in, tears down, and reports status {@code aborted}. */
    public void abort() {
        abort.run();
    }

    public boolean isDone() {
        return done.isDone();
    }

    /** Waits for the end of the run (including teardown and report). */
    public RunSummary await() throws InterruptedException {
        try {
            return done.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the run engine itself failed", e.getCause());
        }
    }

    /** Like {@link #await()}, but gives up after {@code timeout}. */
    public RunSummary await(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the run engine itself failed", e.getCause());
        }
    }

    /** Completes with the summary; for callers that prefer callbacks over blocking. */
    public CompletableFuture<RunSummary> completion() {
        return done.copy();
    }
}
