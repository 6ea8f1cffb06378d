package dev.labdeck.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {
    @Test
    void defaultsFollowTheContract() throws Exception {
        AgentOptions o = AgentOptions.parse("--token-file", "/t");
        assertEquals(8080, o.port());
        assertEquals("127.0.0.1", o.bind());
        assertEquals(Path.of("/t"), o.tokenFile());
        assertEquals(10_000, o.heartbeatTimeoutMs());
        assertEquals(Path.of(System.getProperty("user.home"), ".labdeck", "agent"), o.stateDir());
        assertNull(o.readyFile());
    }

    @Test
    void readsEveryOption() throws Exception {
        AgentOptions o = AgentOptions.parse("--port", "0", "--bind=0.0.0.0", "--token-file", "/t", "--ready-file", "/r",
                "--state-dir", "/s", "--heartbeat-timeout-ms", "2500", "--run-id", "run-1");
        assertEquals(new AgentOptions(0, "0.0.0.0", Path.of("/t"), Path.of("/r"), Path.of("/s"), 2500, "run-1"), o);
    }

    @Test
    void mistakesSayWhatToFix() {
        assertEquals("--token-file is required (a file holding the bearer token)",
                assertThrows(AgentOptions.UsageException.class, () -> AgentOptions.parse("--port", "1")).getMessage());
        assertEquals("--port needs a number, got 'x'",
                assertThrows(AgentOptions.UsageException.class, () -> AgentOptions.parse("--port", "x", "--token-file", "t")).getMessage());
        assertEquals("unknown option --prot",
                assertThrows(AgentOptions.UsageException.class, () -> AgentOptions.parse("--prot", "1")).getMessage());
        assertEquals("--bind needs a value",
                assertThrows(AgentOptions.UsageException.class, () -> AgentOptions.parse("--bind", "--token-file", "t")).getMessage());
    }
}
