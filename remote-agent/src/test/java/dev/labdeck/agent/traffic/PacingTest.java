package dev.labdeck.agent.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.labdeck.agent.http.HttpStatusException;
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
    void badRequestsNameTheProblem() {
        List<Flow> one = List.of(new Flow(1, 9000, 0));
        assertEquals("payload_bytes must be 24..65507 (the LabDeck header takes 24), got 10",
                assertThrows(HttpStatusException.class, () -> new TrafficSource(new TrafficStart("127.0.0.1", null, one, 10, 10, 1000), s -> {})).getMessage());
        assertThrows(HttpStatusException.class, () -> new TrafficSource(new TrafficStart("127.0.0.1", null, List.of(), 10, 64, 1000), s -> {}));
        assertThrows(HttpStatusException.class, () -> new TrafficSource(new TrafficStart("127.0.0.1", null,
                List.of(new Flow(1, 9000, 0), new Flow(1, 9001, 0)), 10, 64, 1000), s -> {}));
        assertThrows(HttpStatusException.class, () -> new TrafficSource(new TrafficStart("127.0.0.1", null,
                List.of(new Flow(1, 70000, 0)), 10, 64, 1000), s -> {}));
        assertThrows(HttpStatusException.class, () -> new TrafficSource(new TrafficStart("", null, one, 10, 64, 1000), s -> {}));
        assertThrows(HttpStatusException.class, () -> new TrafficSource(new TrafficStart("127.0.0.1", null, one, 10, 64, 0), s -> {}));
    }
}
