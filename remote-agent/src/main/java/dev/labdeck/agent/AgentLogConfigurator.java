package dev.labdeck.agent;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The agent's logging, set up in code: {@code <state-dir>/agent.log} plus warnings on stderr,
 * level from {@code -Dlabdeck.log.level}. Reading a logback.xml costs hundreds of classes and a
 * good part of the agent's start-up; this does not. Only applies in an agent process (AgentMain
 * sets {@value #STATE_PROPERTY}); anywhere else logback's usual configuration files apply.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class AgentLogConfigurator extends ContextAwareBase implements Configurator {
    static final String STATE_PROPERTY = "labdeck.agent.state";
    /** Value of {@link #STATE_PROPERTY} for a command that writes no log file (--cleanup): errors on stderr only. */
    static final String NO_FILE = "-";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        String stateDir = System.getProperty(STATE_PROPERTY);
        if (stateDir == null) return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        boolean noFile = stateDir.equals(NO_FILE);

        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(stateDir + "/agent.log");
        file.setEncoder(encoder(context, "%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n"));
        if (!noFile) file.start();

        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        ThresholdFilter warnings = new ThresholdFilter();
        warnings.setLevel(noFile ? "ERROR" : "WARN");
        warnings.start();
        stderr.addFilter(warnings);
        stderr.setEncoder(encoder(context, "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n"));
        stderr.start();

        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("labdeck.log.level"), Level.INFO));
        if (!noFile) root.addAppender(file);
        root.addAppender(stderr);
        context.getLogger("oshi").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}
