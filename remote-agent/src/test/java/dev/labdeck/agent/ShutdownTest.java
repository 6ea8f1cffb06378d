package dev.labdeck.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.Flow;
import dev.labdeck.protocol.TrafficStart;
import dev.labdeck.protocol.TrafficStatus;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /v1/shutdown: answered with 202, then the agent stops its traffic and exits with 0. */
class ShutdownTest {
    @TempDir
    Path dir;

    @Test
    void shutdownAnswersThenExits() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             AgentProcess agent = AgentProcess.start(dir, "--heartbeat-timeout-ms", "0")) {
            assertTrue(Files.exists(dir.resolve("state/agent.pid")), "pid file in the state dir");
            assertEquals(Long.toString(agent.process.pid()), Files.readString(dir.resolve("state/agent.pid")).trim());
            TrafficStart start = new TrafficStart("127.0.0.1", null, List.of(new Flow(1, receiver.getLocalPort(), 0)), 500, 64, 60_000);
            AgentProcess.read(agent.post(Api.TRAFFIC_SOURCE, start), TrafficStatus.class);
            assertEquals(202, agent.post(Api.SHUTDOWN, "").statusCode());
            assertTrue(agent.awaitExit(Duration.ofSeconds(15)), "agent did not exit after shutdown");
            assertEquals(0, agent.process.exitValue(), agent.output());
            assertFalse(Files.exists(dir.resolve("state/agent.pid")), "pid file removed at exit");
            assertFalse(Files.exists(dir.resolve("token")), "token removed at exit");
            assertTrue(Files.readString(dir.resolve("state/agent.log")).contains("shutdown requested"));
        }
    }

    @Test
    void sigtermStopsTrafficAndRemovesThePidFile() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             AgentProcess agent = AgentProcess.start(dir, "--heartbeat-timeout-ms", "0")) {
            TrafficStart start = new TrafficStart("127.0.0.1", null, List.of(new Flow(1, receiver.getLocalPort(), 0)), 500, 64, 60_000);
            AgentProcess.read(agent.post(Api.TRAFFIC_SOURCE, start), TrafficStatus.class);
            agent.process.destroy(); // SIGTERM
            assertTrue(agent.awaitExit(Duration.ofSeconds(15)), "agent did not exit on SIGTERM");
            assertFalse(Files.exists(dir.resolve("state/agent.pid")), "pid file removed at exit");
            String log = Files.readString(dir.resolve("state/agent.log"));
            assertTrue(log.contains("terminated by a signal") && log.contains("traffic source stopped"), log);
        }
    }

    @Test
    void theDeadManSwitchRemovesTheWholeRuntimeDirectoryAndTheToken() throws Exception {
        try (AgentProcess agent = AgentProcess.start(dir, "--heartbeat-timeout-ms", "1500")) {
            assertTrue(Files.isDirectory(dir.resolve("state")));
            // the controller reached it once, then went silent
            assertEquals(204, agent.post(Api.HEARTBEAT, "").statusCode());
            assertTrue(agent.awaitExit(Duration.ofSeconds(20)), "the dead-man switch did not fire");
            assertEquals(AgentServer.EXIT_DEADMAN, agent.process.exitValue(), agent.output());
            assertFalse(Files.exists(dir.resolve("state")), "runtime directory left behind");
            assertFalse(Files.exists(dir.resolve("token")), "token left behind");
        }
    }

    @Test
    void badCommandLineSaysWhatToFix() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.labdeck.agent.AgentMain", "--port", "99999")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(out.contains("--port must be between 0 and 65535"), out);
    }
}
