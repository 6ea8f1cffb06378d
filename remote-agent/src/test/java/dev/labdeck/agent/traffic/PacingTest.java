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
