package dev.labdeck.controller.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's logs kept in the run directory before its runtime directory on the host goes:
 * {@code <host>-agent.log} (its own log) and {@code <host>-agent-console.log} (its stdout/stderr).
 */
final class AgentLogs {
    private static final Logger LOG = LoggerFactory.getLogger(AgentLogs.class);

    private AgentLogs() {}

    /**
     * The level for an agent's own log: the controller's, when it logs at DEBUG or TRACE ({@code labdeck --debug},
     * {@code LABDECK_LOG_LEVEL=DEBUG}); null otherwise, for the agent's INFO.
     */
    static String agentLogLevel() {
        Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        return root.isTraceEnabled() ? "TRACE" : root.isDebugEnabled() ? "DEBUG" : null;
    }

    /** The local name of a log file of the agent on {@code host}. */
    static String localName(String host, String remoteFileName) {
        return host + "-agent" + (remoteFileName.equals("agent.log") ? "" : "-" + remoteFileName.replace(".log", "")) + ".log";
    }

    static void copy(String host, Path into, List<Path> files) {
        for (Path f : files) {
            if (!Files.isRegularFile(f)) continue;
            try {
                Files.createDirectories(into);
                Files.copy(f, into.resolve(localName(host, f.getFileName().toString())), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                LOG.warn("{}: cannot keep the agent's {}: {}", host, f.getFileName(), e.toString());
            }
        }
    }
}
