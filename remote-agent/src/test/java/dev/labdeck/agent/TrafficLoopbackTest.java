package dev.labdeck.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.protocol.SinkState;
import dev.labdeck.protocol.TrafficState;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.Flow;
import dev.labdeck.protocol.FlowCounters;
import dev.labdeck.protocol.SinkStart;
import dev.labdeck.protocol.SinkStatus;
import dev.labdeck.protocol.TrafficEngine;
import dev.labdeck.protocol.TrafficStart;
import dev.labdeck.protocol.TrafficStatus;
import dev.labdeck.testkit.Eventually;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source and sink of one real agent process over real loopback UDP. */
class TrafficLoopbackTest {
    @TempDir
    static Path dir;
    static AgentProcess agent;

    @BeforeAll
    static void startAgent() throws Exception {
        agent = AgentProcess.start(dir, "--heartbeat-timeout-ms", "0");
    }

    @AfterAll
    static void stopAgent() throws Exception {
        if (agent != null) agent.close();
    }

    /** Free UDP ports right now (another test could take one in between; the sink then says 409). */
    static List<Integer> freePorts(int n) throws Exception {
        List<DatagramSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) held.add(new DatagramSocket(0, InetAddress.getLoopbackAddress()));
            return held.stream().map(DatagramSocket::getLocalPort).toList();
        } finally {
            held.forEach(DatagramSocket::close);
        }
    }

    static TrafficStatus awaitSourceFinished(Duration within) throws Exception {
        return Eventually.value("the traffic source to finish", within,
                () -> AgentProcess.read(agent.get(Api.TRAFFIC_SOURCE), TrafficStatus.class), s -> s.state() != TrafficState.RUNNING);
    }

    @Test
    void everyPacketSentOnLoopbackIsReceivedPerFlow() throws Exception {
        List<Integer> ports = freePorts(4);
        SinkStatus sinkStarted = AgentProcess.read(agent.post(Api.TRAFFIC_SINK, new SinkStart("127.0.0.1", ports)), SinkStatus.class);
        assertEquals(SinkState.RUNNING, sinkStarted.state());

        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < 4; i++) flows.add(new Flow(i + 1, ports.get(i), 0));
        TrafficStart start = new TrafficStart("127.0.0.1", null, flows, 10_000, 64, 3_000);
        assertEquals(TrafficState.RUNNING, AgentProcess.read(agent.post(Api.TRAFFIC_SOURCE, start), TrafficStatus.class).state());
        // a second start while running is refused
        assertEquals(409, agent.post(Api.TRAFFIC_SOURCE, start).statusCode());

        TrafficStatus sent = awaitSourceFinished(Duration.ofSeconds(20));
        assertEquals(TrafficState.DONE, sent.state(), sent.toString());
        // 10,000 pps for 3 s; a host too busy to keep up sends fewer and says so, never more
        assertTrue(sent.packets() > 0 && sent.packets() <= 30_000, "sent " + sent.packets());
        assertEquals(10_000, sent.requestedPps());
        assertEquals(0, sent.sendErrors());
        assertEquals(sent.packets() * 64, sent.bytes());
        long fewest = sent.flows().stream().mapToLong(FlowCounters::packets).min().orElseThrow();
        long most = sent.flows().stream().mapToLong(FlowCounters::packets).max().orElseThrow();
        assertTrue(most - fewest <= 1, "flows take turns: " + sent.flows());

        SinkStatus received = AgentProcess.read(agent.delete(Api.TRAFFIC_SINK), SinkStatus.class);
        assertEquals(SinkState.STOPPED, received.state());
        Map<Integer, FlowCounters> byFlow = received.flows().stream().collect(Collectors.toMap(FlowCounters::flowId, Function.identity()));
        for (FlowCounters s : sent.flows()) {
            FlowCounters r = byFlow.get(s.flowId());
            assertEquals(s.packets(), r.packets(), "flow " + s.flowId() + " received what was sent");
            assertEquals(s.bytes(), r.bytes());
            assertEquals(s.port(), r.port());
            assertEquals(0, r.lost());
            assertEquals(0, r.duplicates());
        }
        assertEquals(sent.packets(), received.packets());
        assertEquals(0, received.lost());
        assertEquals(0, received.foreign());
    }

    @Test
    void fiftyThousandPpsArriveComplete() throws Exception {
        List<Integer> ports = freePorts(4);
        AgentProcess.read(agent.post(Api.TRAFFIC_SINK, new SinkStart("127.0.0.1", ports)), SinkStatus.class);
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < 4; i++) flows.add(new Flow(100 + i, ports.get(i), 0));
        AgentProcess.read(agent.post(Api.TRAFFIC_SOURCE, new TrafficStart("127.0.0.1", null, flows, 50_000, 64, 2_000)), TrafficStatus.class);
        TrafficStatus sent = awaitSourceFinished(Duration.ofSeconds(30));
        assertEquals(TrafficState.DONE, sent.state(), sent.toString());
        assertTrue(sent.packets() > 0 && sent.packets() <= 100_000, "sent " + sent.packets());
        SinkStatus received = AgentProcess.read(agent.delete(Api.TRAFFIC_SINK), SinkStatus.class);
        assertEquals(sent.packets(), received.packets(), received.toString());
        assertEquals(0, received.lost());
    }

    @Test
    void aRateBeyondTheHostEndsOnTimeWithWhatItReached() throws Exception {
        List<Integer> ports = freePorts(2);
        AgentProcess.read(agent.post(Api.TRAFFIC_SINK, new SinkStart("127.0.0.1", ports)), SinkStatus.class);
        List<Flow> flows = List.of(new Flow(1, ports.get(0), 0), new Flow(2, ports.get(1), 0));
        TrafficStart start = new TrafficStart("127.0.0.1", null, flows, 50_000_000, 64, 1_000, TrafficEngine.SOCKET, 1);
        TrafficStatus started = AgentProcess.read(agent.post(Api.TRAFFIC_SOURCE, start), TrafficStatus.class);
        assertEquals(TrafficEngine.SOCKET, started.engine());
        TrafficStatus sent = awaitSourceFinished(Duration.ofSeconds(20));
        assertEquals(TrafficState.DONE, sent.state(), "too high a rate is not an error: " + sent);
        assertEquals(50_000_000, sent.requestedPps());
        assertTrue(sent.packets() > 0 && sent.packets() < 50_000_000, "sent what it reached, not 50 M: " + sent.packets());
        // stopped when the second was over, not when 50 M packets were out
        assertTrue(sent.sendingNanos() >= 1_000_000_000L && sent.sendingNanos() < 1_100_000_000L,
                "sent for " + sent.sendingNanos() / 1e6 + " ms of 1000");
        SinkStatus received = AgentProcess.read(agent.delete(Api.TRAFFIC_SINK), SinkStatus.class);
        assertTrue(received.packets() <= sent.packets(), received.toString());
    }

    @Test
    void deleteStopsTheSourceEarly() throws Exception {
        List<Integer> ports = freePorts(1);
        TrafficStart start = new TrafficStart("127.0.0.1", null, List.of(new Flow(7, ports.getFirst(), 0)), 1_000, 100, 60_000);
        AgentProcess.read(agent.post(Api.TRAFFIC_SOURCE, start), TrafficStatus.class);
        Eventually.value("the source to send 100 packets", Duration.ofSeconds(10),
                () -> AgentProcess.read(agent.get(Api.TRAFFIC_SOURCE), TrafficStatus.class), s -> s.packets() >= 100);
        TrafficStatus stopped = AgentProcess.read(agent.delete(Api.TRAFFIC_SOURCE), TrafficStatus.class);
        assertEquals(TrafficState.STOPPED, stopped.state());
        assertTrue(stopped.packets() >= 100 && stopped.packets() < 60_000, stopped.toString());
        assertTrue(stopped.endedAtMs() >= stopped.startedAtMs());
        // the count does not move once stopped
        assertEquals(stopped.packets(), AgentProcess.read(agent.get(Api.TRAFFIC_SOURCE), TrafficStatus.class).packets());
    }

    @Test
    void packetsWithoutTheHeaderAreForeign() throws Exception {
        List<Integer> ports = freePorts(1);
        AgentProcess.read(agent.post(Api.TRAFFIC_SINK, new SinkStart("127.0.0.1", ports)), SinkStatus.class);
        try (DatagramSocket s = new DatagramSocket()) {
            byte[] hello = "hello, not a LabDeck packet at all".getBytes();
            s.send(new DatagramPacket(hello, hello.length, InetAddress.getLoopbackAddress(), ports.getFirst()));
            s.send(new DatagramPacket(new byte[3], 3, InetAddress.getLoopbackAddress(), ports.getFirst()));
        }
        SinkStatus stopped = AgentProcess.read(agent.delete(Api.TRAFFIC_SINK), SinkStatus.class);
        assertEquals(2, stopped.foreign());
        assertEquals(0, stopped.packets());
    }

    @Test
    void aPortInUseIsRefusedWithItsNumber() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            var r = agent.post(Api.TRAFFIC_SINK, new SinkStart("127.0.0.1", List.of(taken.getLocalPort())));
            assertEquals(409, r.statusCode());
            assertTrue(r.body().contains(Integer.toString(taken.getLocalPort())), r.body());
        }
    }
}
