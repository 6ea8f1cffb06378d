package dev.labdeck.agent.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.agent.refusal.FeatureException;
import dev.labdeck.protocol.Flow;
import dev.labdeck.protocol.TrafficStart;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacingTest {
    @Test
    void packetsDueFollowTheClockExactly() {
        assertEquals(0, TrafficSource.dueBy(0, 10_000));
        assertEquals(10_000, TrafficSource.dueBy(1_000_000_000L, 10_000));
        assertEquals(5, TrafficSource.dueBy(500_000, 10_000));
        assertEquals(30_000, TrafficSource.dueBy(3_000_000_000L, 10_000));
        // a day at 10 Mpps does not overflow
        assertEquals(864_000_000_000L, TrafficSource.dueBy(86_400_000_000_000L, 10_000_000));
        assertEquals(100_000, TrafficSource.nanosFor(1, 10_000));
        assertEquals(1_000_000_000L, TrafficSource.nanosFor(10_000, 10_000));
        assertEquals(333_333_333L, TrafficSource.nanosFor(1, 3));
    }

    @Test
    void aBillionPpsDoesNotOverflow() {
        assertEquals(500_000_000L, TrafficSource.dueBy(500_000_000L, 1_000_000_000L));
        assertEquals(10_000_000_000L, TrafficSource.dueBy(10_000_000_000L, 1_000_000_000L));
        assertEquals(1, TrafficSource.nanosFor(1, 1_000_000_000L));
    }

    @Test
    void weightedSharesAddUpToWhatIsDueAndEndAtTheirShare() {
        List<Flow> flows = List.of(new Flow(0, 1, 0, 1, 0, null), new Flow(1, 2, 0, 2, 0, null), new Flow(2, 3, 0, 7, 0, null));
        long[] c = TrafficSource.cumulativeShares(flows);
        for (long due = 0; due < 500; due++) {
            long sum = 0;
            for (int i = 0; i < 3; i++) sum += TrafficSource.flowDue(due, i, c);
            assertEquals(due, sum, "due " + due);
        }
        assertEquals(1_000, TrafficSource.flowDue(10_000, 0, c));
        assertEquals(2_000, TrafficSource.flowDue(10_000, 1, c));
        assertEquals(7_000, TrafficSource.flowDue(10_000, 2, c));
        assertEquals(null, TrafficSource.cumulativeShares(List.of(new Flow(0, 1, 0), new Flow(1, 2, 0, 1, 100, "zeros"))),
                "equal shares take turns as before");
    }

    @Test
    void payloadPatternsFillTheBytesAfterTheHeader() {
        java.util.Random r = new java.util.Random(1);
        assertEquals("hellohell", new String(dev.labdeck.protocol.PayloadPattern.fill("text:hello", 9, r)));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {(byte) 0xc0, (byte) 0xff, (byte) 0xee, (byte) 0xc0},
                dev.labdeck.protocol.PayloadPattern.fill("hex:C0FFEE", 4, r));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[3], dev.labdeck.protocol.PayloadPattern.fill("zeros", 3, r));
        assertTrue(java.util.stream.IntStream.range(0, 64).anyMatch(i -> dev.labdeck.protocol.PayloadPattern.fill("random", 64, r)[i] != 0));
        assertEquals("hex: needs an even number of hex digits after it, e.g. hex:deadbeef, got 'abc'",
                dev.labdeck.protocol.PayloadPattern.problem("hex:abc").orElseThrow());
        assertEquals("payload 'ones' is not one of zeros, random, hex:<digits>, text:<text>",
                dev.labdeck.protocol.PayloadPattern.problem("ones").orElseThrow());
        // IMIX: 7 small, 4 medium, 1 large in every 12; the 64-byte frames carry the 24-byte header (70 on the wire)
        assertEquals(List.of(24, 24, 24, 24, 24, 24, 24, 524, 524, 524, 524, 1472, 24),
                java.util.stream.LongStream.range(0, 13).mapToObj(k -> dev.labdeck.protocol.Imix.payloadBytes(k)).toList());
        // the bytes of a run of IMIX packets (what xdp-live counts per burst) equal the packets' sizes added one by one
        for (long first = 0; first < 30; first++) {
            for (long count = 0; count < 40; count++) {
                long oneByOne = 0;
                for (long k = first; k < first + count; k++) oneByOne += dev.labdeck.protocol.Imix.payloadBytes(k);
                assertEquals(oneByOne, dev.labdeck.protocol.Imix.payloadBytes(first, count), first + "+" + count);
            }
        }
    }

    @Test
    void flowsTakeTurnsAndTheirSharesAddUpToWhatIsDue() {
        for (int n = 1; n <= 7; n++) {
            for (long due = 0; due < 50; due++) {
                long sum = 0;
                for (int i = 0; i < n; i++) {
                    long d = TrafficSource.flowDue(due, i, n);
                    sum += d;
                    assertTrue(d <= TrafficSource.flowDue(due + 1, i, n), "a flow's due never shrinks");
                }
                assertEquals(due, sum, n + " flows, " + due + " due");
            }
        }
        // the first packet goes to the first flow
        assertEquals(1, TrafficSource.flowDue(1, 0, 3));
        assertEquals(0, TrafficSource.flowDue(1, 1, 3));
    }

    @Test
    void badRequestsNameTheProblem() {
        List<Flow> one = List.of(new Flow(1, 9000, 0));
        assertEquals("payload_bytes must be 24..65507 (the LabDeck header takes 24), got 10",
                assertThrows(FeatureException.class, () -> new TrafficSource(new TrafficStart("127.0.0.1", null, one, 10, 10, 1000), s -> {})).getMessage());
        assertThrows(FeatureException.class, () -> new TrafficSource(new TrafficStart("127.0.0.1", null, List.of(), 10, 64, 1000), s -> {}));
        assertThrows(FeatureException.class, () -> new TrafficSource(new TrafficStart("127.0.0.1", null,
                List.of(new Flow(1, 9000, 0), new Flow(1, 9001, 0)), 10, 64, 1000), s -> {}));
        assertThrows(FeatureException.class, () -> new TrafficSource(new TrafficStart("127.0.0.1", null,
                List.of(new Flow(1, 70000, 0)), 10, 64, 1000), s -> {}));
        assertThrows(FeatureException.class, () -> new TrafficSource(new TrafficStart("", null, one, 10, 64, 1000), s -> {}));
        assertThrows(FeatureException.class, () -> new TrafficSource(new TrafficStart("127.0.0.1", null, one, 10, 64, 0), s -> {}));
    }
}
