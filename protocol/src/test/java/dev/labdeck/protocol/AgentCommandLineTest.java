package dev.labdeck.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgentCommandLineTest {

    @Test
    void whatTheTransportsWriteIsWhatTheAgentReads() throws Exception {
        AgentCommandLine launch = AgentCommandLine.launch(0, "", "/d/token", "/d/ready.json", "/d", 2500, "run 1");
        assertEquals(List.of("--port", "0", "--bind", "127.0.0.1", "--token-file", "/d/token", "--ready-file", "/d/ready.json",
                "--state-dir", "/d", "--heartbeat-timeout-ms", "2500", "--run-id", "run 1"), launch.arguments());
        assertEquals(launch, AgentCommandLine.parse(launch.arguments().toArray(String[]::new)));
    }

    @Test
    void optionsNotGivenAreLeftOut() throws Exception {
        AgentCommandLine launch = AgentCommandLine.launch(0, null, "/t", null, null, 0, " ");
        assertEquals(List.of("--port", "0", "--bind", "127.0.0.1", "--token-file", "/t", "--heartbeat-timeout-ms", "0"),
                launch.arguments());
        assertEquals(launch, AgentCommandLine.parse(launch.arguments().toArray(String[]::new)));
    }

    @Test
    void theControllersLogLevelReachesTheAgent() throws Exception {
        AgentCommandLine launch = AgentCommandLine.launch(0, null, "/t", null, null, 0, null).withLogLevel("DEBUG");
        assertEquals(List.of("--port", "0", "--bind", "127.0.0.1", "--token-file", "/t", "--heartbeat-timeout-ms", "0",
                "--log-level", "DEBUG"), launch.arguments());
        assertEquals(launch, AgentCommandLine.parse(launch.arguments().toArray(String[]::new)));
        assertEquals("DEBUG", AgentCommandLine.parse("--token-file", "t", "--log-level=debug").logLevel());
        assertEquals("--log-level must be one of TRACE, DEBUG, INFO, WARN, ERROR, got 'loud'",
                assertThrows(AgentCommandLine.UsageException.class,
                        () -> AgentCommandLine.parse("--token-file", "t", "--log-level", "loud")).getMessage());
    }

    @Test
    void usageNamesEveryOption() {
        String usage = AgentCommandLine.usage("labdeck-agent");
        for (AgentCommandLine.Option o : AgentCommandLine.Option.values()) {
            assertTrue(usage.contains("  " + o.flag() + " "), o.flag() + " in\n" + usage);
        }
    }

    @Test
    void mistakesSayWhatToFix() {
        assertEquals("unknown option --prot",
                assertThrows(AgentCommandLine.UsageException.class, () -> AgentCommandLine.parse("--prot", "1")).getMessage());
        assertEquals("--heartbeat-timeout-ms must be between 0 and 2147483647, got -1",
                assertThrows(AgentCommandLine.UsageException.class,
                        () -> AgentCommandLine.parse("--token-file", "t", "--heartbeat-timeout-ms", "-1")).getMessage());
    }
}
