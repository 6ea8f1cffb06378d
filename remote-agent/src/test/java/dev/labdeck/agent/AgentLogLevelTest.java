package dev.labdeck.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code labdeck --debug} (or LABDECK_LOG_LEVEL=DEBUG) reaches the agents' own logs: the controller
 * starts them with {@code --log-level DEBUG}; without it their log stays at INFO.
 */
class AgentLogLevelTest {
    @TempDir
    Path dir;

    @Test
    void anAgentStartedWithLogLevelDebugLogsDebugLinesAndOneWithoutDoesNot() throws Exception {
        Path debug = Files.createDirectories(dir.resolve("debug"));
        try (AgentProcess agent = AgentProcess.start(debug, "--heartbeat-timeout-ms", "0", "--log-level", "DEBUG")) {
            String log = Files.readString(debug.resolve("state/agent.log"));
            assertTrue(log.contains(" DEBUG ") && log.contains("started with AgentOptions["), log);
        }
        Path info = Files.createDirectories(dir.resolve("info"));
        try (AgentProcess agent = AgentProcess.start(info, "--heartbeat-timeout-ms", "0")) {
            String log = Files.readString(info.resolve("state/agent.log"));
            assertTrue(log.contains(" INFO "), log);
            assertFalse(log.contains(" DEBUG "), log);
        }
    }
}
