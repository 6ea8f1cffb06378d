package dev.labdeck.controller.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.profile.TrafficSpec;
import dev.labdeck.controller.results.FlowSummary;
import dev.labdeck.controller.results.TrafficSummary;
import dev.labdeck.protocol.Flow;
import dev.labdeck.protocol.FlowCounters;
import dev.labdeck.protocol.SinkStatus;
import dev.labdeck.protocol.TrafficEngine;
import dev.labdeck.protocol.TrafficStatus;
import dev.labdeck.protocol.TrafficState;
import dev.labdeck.protocol.SinkState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficMeasurementTest {

    @Test
    void oneFlowPerPortAndMoreFlowsReusePorts() {
        TrafficSpec four = new TrafficSpec("src", "dst", "127.0.0.1", 4, List.of(12345, 12346, 12347, 12348), 10000, 64,
                Duration.ofSeconds(10), Duration.ZERO, Duration.ZERO);
        assertEquals(List.of(new Flow(0, 12345, 0), new Flow(1, 12346, 0), new Flow(2, 12347, 0), new Flow(3, 12348, 0)),
                TrafficMeasurement.flows(four));
        TrafficSpec three = new TrafficSpec("src", "dst", "127.0.0.1", 3, List.of(5000, 5001), 1, 64,
                Duration.ofSeconds(1), null, null);
        assertEquals(List.of(5000, 5001, 5000), TrafficMeasurement.flows(three).stream().map(Flow::dstPort).toList());
    }

    @Test
    void lossIsSentMinusReceivedPerFlowAndInTotal() {
        TrafficStatus sent = new TrafficStatus(dev.labdeck.protocol.TrafficState.DONE, 1_000, 11_000, 100_000, 6_400_000, 0, List.of(
                new FlowCounters(0, 12345, 50_000, 3_200_000, 0, 0, 0),
                new FlowCounters(1, 12346, 50_000, 3_200_000, 0, 0, 0)), null);
        SinkStatus got = new SinkStatus(dev.labdeck.protocol.SinkState.RUNNING, 99_900, 6_393_600, 40, 3, 0, 0, List.of(
                new FlowCounters(0, 12345, 50_000, 3_200_000, 0, 0, 0),
                new FlowCounters(1, 12346, 49_900, 3_193_600, 40, 3, 0)), null);
        TrafficSummary s = TrafficMeasurement.summarize(sent, got, List.of(new Flow(0, 12345, 0), new Flow(1, 12346, 0)));
        assertEquals(100, s.lostPackets());
        assertEquals(0.1, s.lossPercent());
        assertEquals(10_000.0, s.txPps());
        assertEquals(9_990.0, s.rxPps());
        assertEquals(new FlowSummary(1, 12346, 50_000, 49_900, 100, 0.2, 3, 0, null, 3_200_000, 3_193_600), s.perFlow().get(1));
        assertEquals(0, s.perFlow().get(0).lostPackets());
    }

    @Test
    void aSourceShortOfTheAskedRateIsGeneratorLimitedNotAnError() {
        TrafficStatus sent = new TrafficStatus(TrafficState.DONE, 1_000, 6_000, 1_800_000, 115_200_000, 0, List.of(
                new FlowCounters(0, 12345, 1_800_000, 115_200_000, 0, 0, 0)), null, TrafficEngine.SOCKET, 50_000_000,
                5_000_000_000L, List.of(), "data0", 1_800_000);
        SinkStatus got = new SinkStatus(SinkState.STOPPED, 1_800_000, 115_200_000, 0, 0, 0, 0, List.of(
                new FlowCounters(0, 12345, 1_800_000, 115_200_000, 0, 0, 0)), null);
        TrafficSummary s = TrafficMeasurement.summarize(sent, got, List.of(new Flow(0, 12345, 0)), Duration.ofSeconds(5));
        assertEquals(50_000_000, s.requestedPps());
        assertEquals(360_000.0, s.achievedPps(), "over the 5 s asked");
        assertTrue(s.generatorLimited());
        assertEquals(TrafficEngine.SOCKET, s.engine());
    }

    @Test
    void halfAPercentShortIsStillTheAskedRate() {
        TrafficStatus sent = new TrafficStatus(TrafficState.DONE, 0, 1_000, 99_500, 0, 0, List.of(), null, TrafficEngine.SOCKET,
                100_000, 1_000_000_000L, List.of(), "data0", -1);
        SinkStatus got = new SinkStatus(SinkState.STOPPED, 99_500, 0, 0, 0, 0, 0, List.of(), null);
        assertFalse(TrafficMeasurement.summarize(sent, got, List.of(), Duration.ofSeconds(1)).generatorLimited());
        TrafficStatus less = new TrafficStatus(TrafficState.DONE, 0, 1_000, 99_499, 0, 0, List.of(), null, TrafficEngine.SOCKET,
                100_000, 1_000_000_000L, List.of(), "data0", -1);
        assertTrue(TrafficMeasurement.summarize(less, got, List.of(), Duration.ofSeconds(1)).generatorLimited());
    }

    @Test
    void packetsTheEgressCounterNeverSawAreNamedWhereTheyVanished() {
        TrafficSpec spec = new TrafficSpec("src", "dst", "10.0.0.2", 1, List.of(12345), 1_000_000, 64,
                Duration.ofSeconds(2), null, null);
        TrafficStatus sent = new TrafficStatus(TrafficState.DONE, 0, 2_000, 2_000_000, 128_000_000, 0, List.of(
                new FlowCounters(0, 12345, 2_000_000, 128_000_000, 0, 0, 0)), null, TrafficEngine.XDP_LIVE, 1_000_000,
                2_000_000_000L, List.of(), "data0", 0);
        SinkStatus got = new SinkStatus(SinkState.STOPPED, 0, 0, 0, 0, 0, 0, List.of(), null);
        TrafficSummary t = TrafficMeasurement.summarize(sent, got, List.of(new Flow(0, 12345, 0)), Duration.ofSeconds(2));
        assertEquals(List.of("src data0 counted 0 of the 2,000,000 packets the source claims: 2,000,000 vanished on src before"
                + " the wire (a veth peer without an XDP program and with GRO off drops XDP frames)"),
                TrafficMeasurement.countGaps(spec, t));
    }

    @Test
    void countsThatAgreeRaiseNoWarningAndLossOnTheWayIsNamed() {
        TrafficSpec spec = new TrafficSpec("src", "dst", "10.0.0.2", 1, List.of(12345), 1_000, 64,
                Duration.ofSeconds(1), null, null);
        TrafficStatus sent = new TrafficStatus(TrafficState.DONE, 0, 1_000, 1_000, 64_000, 0, List.of(), null, TrafficEngine.SOCKET,
                1_000, 1_000_000_000L, List.of(), "data0", 1_003);
        SinkStatus all = new SinkStatus(SinkState.STOPPED, 1_000, 64_000, 0, 0, 0, 0, List.of(), null);
        assertEquals(List.of(), TrafficMeasurement.countGaps(spec, TrafficMeasurement.summarize(sent, all, List.of(), null)));
        SinkStatus some = new SinkStatus(SinkState.STOPPED, 900, 57_600, 0, 0, 0, 0, List.of(), null);
        assertEquals(List.of("the sink on dst received 900 of the 1,000 packets that left src data0: 100 lost on the way or in dst's kernel"),
                TrafficMeasurement.countGaps(spec, TrafficMeasurement.summarize(sent, some, List.of(), null)));
    }
}
