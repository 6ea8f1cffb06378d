package dev.labdeck.gui.task;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the app does work that waits (files, HTTP, SSH, processes): on a named virtual
 * thread, with the result or the failure handed back on the UI thread. Views and view models
 * never start raw threads.
 */
public final class BackgroundTasks {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundTasks.class);
    private static final AtomicLong COUNTER = new AtomicLong();

    private final Executor uiThread;

    /** @param uiThread where results are delivered: {@code Platform::runLater} in the app, direct in tests */
    public BackgroundTasks(Executor uiThread) {
        this.uiThread = Objects.requireNonNull(uiThread);
    }

    /** Runs {@code work} on a virtual thread named {@code labdeck-<name>-N}. */
    public <T> CompletableFuture<T> run(String name, Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread.ofVirtual().name("labdeck-" + name + "-" + COUNTER.incrementAndGet()).start(() -> {
            try {
                T result = work.call();
                future.complete(result);
                uiThread.execute(() -> onSuccess.accept(result));
            } catch (Throwable t) {
                LOG.warn("background task {} failed", name, t);
                future.completeExceptionally(t);
                uiThread.execute(() -> onFailure.accept(t));
            }
        });
        return future;
    }

    /** Hands {@code update} to the UI thread; for callbacks that arrive on engine threads. */
    public void onUiThread(Runnable update) {
        uiThread.execute(update);
    }

    public Executor uiExecutor() {
        return uiThread;
    }
}
