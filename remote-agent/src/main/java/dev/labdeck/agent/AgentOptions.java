package dev.labdeck.agent;

import dev.labdeck.protocol.AgentCommandLine;
import java.nio.file.Path;

/**
 * The agent's command line as the agent uses it: {@link AgentCommandLine} (the process contract
 * the transports rely on, defined in {@code protocol}) with paths and the agent's defaults.
 *
 * @param port               0 lets the system choose; the ready file tells which
 * @param heartbeatTimeoutMs the dead-man switch's first timeout, armed at process start; 0 disables it
 * @param requestTimeoutS    a request's headers and body must arrive within this many seconds, or the
 *                           connection is closed (a stalled or malicious client cannot hold a thread)
 * @param logLevel           the agent log's level; null for INFO (or -Dlabdeck.log.level)
 */
public record AgentOptions(int port, String bind, Path tokenFile, Path readyFile, Path stateDir,
                           long heartbeatTimeoutMs, String runId, int requestTimeoutS, String logLevel) {

    public static final long DEFAULT_HEARTBEAT_TIMEOUT_MS = AgentCommandLine.DEFAULT_HEARTBEAT_TIMEOUT_MS;
    public static final int DEFAULT_REQUEST_TIMEOUT_S = AgentCommandLine.DEFAULT_REQUEST_TIMEOUT_S;

    public AgentOptions(int port, String bind, Path tokenFile, Path readyFile, Path stateDir, long heartbeatTimeoutMs,
                        String runId) {
        this(port, bind, tokenFile, readyFile, stateDir, heartbeatTimeoutMs, runId, DEFAULT_REQUEST_TIMEOUT_S, null);
    }

    public AgentOptions(int port, String bind, Path tokenFile, Path readyFile, Path stateDir, long heartbeatTimeoutMs,
                        String runId, int requestTimeoutS) {
        this(port, bind, tokenFile, readyFile, stateDir, heartbeatTimeoutMs, runId, requestTimeoutS, null);
    }

    public static final String USAGE = AgentCommandLine.usage("java -jar labdeck-agent.jar");

    /** A command line the agent cannot start with; the message says what to fix. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static AgentOptions parse(String... args) throws UsageException {
        AgentCommandLine line;
        try {
            line = AgentCommandLine.parse(args);
        } catch (AgentCommandLine.UsageException e) {
            throw new UsageException(e.getMessage());
        }
        return new AgentOptions(line.port(), line.bind(), Path.of(line.tokenFile()),
                line.readyFile() == null ? null : Path.of(line.readyFile()),
                line.stateDir() == null ? Path.of(System.getProperty("user.home"), ".labdeck", "agent") : Path.of(line.stateDir()),
                line.heartbeatTimeoutMs(), line.runId(), line.requestTimeoutS(), line.logLevel());
    }
}
