package dev.labdeck.gui.task;

import java.time.Duration;
import org.slf4j.LoggerFactory;

/**
 * Logging set up beside JavaFX's start instead of before the window: SLF4J finds Logback, which reads its XML
 * configuration (some 480 classes with the XML parser: about a second of a cold start on a loaded 2-core
 * machine, on the path to the first window when the app's first logger asked for it). The app waits for it
 * ({@link #awaitReady}) before it logs or builds the window, by when JavaFX's own start has overlapped it: a
 * logger asked for during SLF4J's set-up would be a substitute, and what it logged would be replayed with
 * SLF4J's warning on the terminal.
 */
public final class LoggingStart {
    private static volatile Thread starting;

    private LoggingStart() {}

    /** Starts reading the logging configuration on a thread of its own; returns at once. */
    public static void inBackground() {
        starting = Thread.ofVirtual().name("labdeck-logging-start").start(LoggerFactory::getILoggerFactory);
    }

    /** Waits (at most {@code timeout}) until logging is set up, when {@link #inBackground} started it. */
    public static void awaitReady(Duration timeout) {
        Thread t = starting;
        if (t == null) return;
        try {
            t.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
