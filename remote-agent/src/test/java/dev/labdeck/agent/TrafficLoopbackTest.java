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
        // every packet's one-way latency, from the send time the source wrote into it (one host, one clock)
        assertEquals(received.packets(), received.latency().samples(), received.latency().toString());
        assertEquals(0, received.latency().belowZero());
        assertTrue(received.latency().p50() > 0 && received.latency().p50() <= received.latency().p99()
                && received.latency().p99() <= received.latency().max() && received.latency().max() < 5_000_000, received.latency().toString());
        for (FlowCounters s : sent.flows()) {
            assertEquals(s.packets(), received.flowLatency().get(s.flowId()).samples(), "flow " + s.flowId());
        }
    }

    /** A LabDeck packet of {@code flow} with sequence {@code seq}, stamped as sent at {@code sentNanos} (epoch). */
    static byte[] labdeckPacket(int flow, long seq, long sentNanos) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(64);
        b.putInt(dev.labdeck.protocol.PayloadFormat.OFFSET_MAGIC, dev.labdeck.protocol.PayloadFormat.MAGIC);
        b.putInt(dev.labdeck.protocol.PayloadFormat.OFFSET_FLOW, flow);
        b.putLong(dev.labdeck.protocol.PayloadFormat.OFFSET_SEQ, seq);
        b.putLong(dev.labdeck.protocol.PayloadFormat.OFFSET_TIME, sentNanos);
        return b.array();
    }

    static long epochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Test
    void theSinkMeasuresOneWayLatencyFromEachPacketsSendTime() throws Exception {
        List<Integer> ports = freePorts(2);
        AgentProcess.read(agent.post(Api.TRAFFIC_SINK, new SinkStart("127.0.0.1", ports)), SinkStatus.class);
        try (DatagramSocket s = new DatagramSocket()) {
            for (int i = 0; i < 100; i++) {
                // flow 1 "sent" 5 ms ago, flow 2 "sent" 40 ms ago
                byte[] a = labdeckPacket(1, i, epochNanos() - 5_000_000);
                s.send(new DatagramPacket(a, a.length, InetAddress.getLoopbackAddress(), ports.get(0)));
                byte[] b = labdeckPacket(2, i, epochNanos() - 40_000_000);
                s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), ports.get(1)));
            }
            // a packet from a source whose clock is a second ahead: below zero, counted as 0
            byte[] future = labdeckPacket(2, 100, epochNanos() + 1_000_000_000);
            s.send(new DatagramPacket(future, future.length, InetAddress.getLoopbackAddress(), ports.get(1)));
        }
        Eventually.value("201 packets at the sink", Duration.ofSeconds(10),
                () -> AgentProcess.read(agent.get(Api.TRAFFIC_SINK), SinkStatus.class), st -> st.packets() >= 201);
        SinkStatus st = AgentProcess.read(agent.delete(Api.TRAFFIC_SINK), SinkStatus.class);
        var one = st.flowLatency().get(1);
        var two = st.flowLatency().get(2);
        assertEquals(100, one.samples());
        assertEquals(0, one.belowZero());
        assertTrue(one.p50() >= 5_000 && one.p50() < 5_000 + 500_000, "flow 1 p50 about 5 ms: " + one);
        assertEquals(101, two.samples());
        assertEquals(1, two.belowZero());
        assertTrue(two.p50() >= 40_000 && two.p50() < 40_000 + 500_000, "flow 2 p50 about 40 ms: " + two);
        assertEquals(201, st.latency().samples());
        assertEquals(1, st.latency().belowZero());
        assertTrue(st.latency().p50() >= 5_000 && st.latency().p99() >= 40_000, st.latency().toString());
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
