package dev.labdeck.gui.task;

import org.slf4j.LoggerFactory;

/**
 * Logging set up beside JavaFX's start instead of before the window: SLF4J finds Logback, which reads its XML
 * configuration (some 480 classes with the XML parser: about a second of a cold start on a loaded 2-core
 * machine, on the path to the first window when the app's first logger asks for it). A logger asked for
 * meanwhile is SLF4J's substitute, which delegates, and replays what it was given, once Logback is ready.
 */
public final class LoggingStart {
    private LoggingStart() {}

    /** Starts reading the logging configuration on a thread of its own; returns at once. */
    public static void inBackground() {
        Thread.ofVirtual().name("labdeck-logging-start").start(LoggerFactory::getILoggerFactory);
    }
}
