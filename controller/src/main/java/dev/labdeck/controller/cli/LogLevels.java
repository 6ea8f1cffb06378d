package dev.labdeck.controller.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The command line's verbosity: {@code -v}/{@code --verbose} shows INFO on the terminal,
 * {@code --debug} DEBUG everywhere (terminal and log files); without either only warnings reach
 * the terminal. {@code LABDECK_LOG_LEVEL} sets the log files' level. A run also logs into its own
 * directory ({@code labdeck.log}).
 */
final class LogLevels {
    static final List<String> VERBOSE = List.of("-v", "--verbose");
    static final String DEBUG = "--debug";
    static final String RUN_LOG = "labdeck.log";

    private LogLevels() {}

    /** Applies -v / --debug found anywhere on the command line (every command accepts them). */
    static void apply(String... args) {
        boolean debug = List.of(args).contains(DEBUG);
        boolean verbose = debug || List.of(args).stream().anyMatch(VERBOSE::contains);
        if (!verbose || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (debug) {
            root.setLevel(Level.DEBUG);
        }
        Appender<ILoggingEvent> stderr = root.getAppender("STDERR");
        if (stderr != null) {
            stderr.clearAllFilters();
            ThresholdFilter threshold = new ThresholdFilter();
            threshold.setLevel(debug ? "DEBUG" : "INFO");
            threshold.start();
            stderr.addFilter(threshold);
        }
    }

    /** Starts logging into {@code runDirectory}/labdeck.log; close the handle when the run is over. */
    static AutoCloseable intoRunDirectory(Path runDirectory) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return () -> { };
        }
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName("RUN");
        file.setFile(runDirectory.resolve(RUN_LOG).toString());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n");
        encoder.start();
        file.setEncoder(encoder);
        file.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(file);
        context.getLogger("org.apache.sshd").addAppender(file);
        return () -> {
            root.detachAppender(file);
            context.getLogger("org.apache.sshd").detachAppender(file);
            file.stop();
        };
    }
}
