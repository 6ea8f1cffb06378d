package dev.labdeck.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.protocol.TrafficState;
import dev.labdeck.protocol.AgentEvent;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.Flow;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.protocol.RunSession;
import dev.labdeck.protocol.TrafficStart;
import dev.labdeck.protocol.TrafficStatus;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dead-man switch of a real agent process: no heartbeat, no traffic, no agent. */
class DeadmanSwitchTest {
    @TempDir
    Path dir;

    @Test
    void agentStopsItsTrafficAndExitsWhenHeartbeatsStop() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             AgentProcess agent = AgentProcess.start(dir, "--heartbeat-timeout-ms", "20000");
             EventStreamClient stream = new EventStreamClient(agent)) {
            // armed from process start: the first beat must come within the timeout
            assertEquals(204, agent.post(Api.HEARTBEAT, "").statusCode());
            receiver.setReceiveBufferSize(4 << 20);
            TrafficStart start = new TrafficStart("127.0.0.1", null, List.of(new Flow(1, receiver.getLocalPort(), 0)), 2_000, 64, 120_000);
            assertEquals(TrafficState.RUNNING, AgentProcess.read(agent.post(Api.TRAFFIC_SOURCE, start), TrafficStatus.class).state());
            receiver.setSoTimeout(5000);
            byte[] buf = new byte[2048];
            receiver.receive(new DatagramPacket(buf, buf.length)); // traffic flows

            // the run's session tightens the timeout, as the controller does; beats keep the agent alive past it
            long timeoutMs = 3000;
            AgentProcess.read(agent.post(Api.SESSION, new RunSession("deadman-run", 1000, timeoutMs)), RunSession.class);
            long aliveUntil = System.nanoTime() + Duration.ofMillis(timeoutMs + 1500).toNanos();
            while (System.nanoTime() < aliveUntil) {
                assertEquals(204, agent.post(Api.HEARTBEAT, "").statusCode());
                Thread.sleep(250);
            }
            assertTrue(agent.process.isAlive(), "heartbeats keep the agent alive");

            // the controller goes silent: the agent stops everything and exits by itself
            assertTrue(agent.awaitExit(Duration.ofSeconds(20)), "agent did not exit after the heartbeats stopped");
            assertEquals(AgentServer.EXIT_DEADMAN, agent.process.exitValue(), agent.output());

            AgentEvent deadman = null;
            EventStreamClient.Message m;
            while (deadman == null && (m = stream.next(Api.SSE_EVENT, Duration.ofSeconds(5))) != null) {
                AgentEvent e = ProtocolJson.mapper().readValue(m.data(), AgentEvent.class);
                if (e.kind().equals("deadman")) deadman = e;
            }
            assertNotNull(deadman, "the event stream announced the dead-man switch");

            // what was in flight drains; after that nothing more arrives
            receiver.setSoTimeout(500);
            int drained = 0;
            while (true) {
                try {
                    receiver.receive(new DatagramPacket(buf, buf.length));
                    drained++;
                    assertTrue(drained < 100_000, "traffic keeps arriving after the agent exited");
                } catch (SocketTimeoutException quiet) {
                    break;
                }
            }
            receiver.setSoTimeout(1500);
            try {
                receiver.receive(new DatagramPacket(buf, buf.length));
                throw new AssertionError("a packet arrived after the agent stopped its traffic");
            } catch (SocketTimeoutException expected) {
                // silence
            }
        }
    }
}
