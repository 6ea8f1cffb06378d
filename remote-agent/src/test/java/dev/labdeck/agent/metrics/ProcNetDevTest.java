package dev.labdeck.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcNetDevTest {
    @Test
    void parsesReceiveAndTransmitColumns() {
        List<InterfaceCounters> c = ProcNetDev.parse(List.of(
                "Inter-|   Receive                                                |  Transmit",
                " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed",
                "    lo:  1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0",
                "veth-ab1: 64000 1000 2 3 0 0 0 0 128000 2000 4 5 0 0 0 0"));
        assertEquals(2, c.size());
        assertEquals(new InterfaceCounters("lo", 1000, 10, 0, 0, 1000, 10, 0, 0), c.get(0));
        assertEquals(new InterfaceCounters("veth-ab1", 64000, 1000, 2, 3, 128000, 2000, 4, 5), c.get(1));
    }
}
