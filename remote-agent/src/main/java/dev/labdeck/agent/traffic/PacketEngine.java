package dev.labdeck.agent.traffic;

import dev.labdeck.protocol.TrafficEngine;
import java.io.IOException;

/**
 * One way of putting the flows' packets on the wire, opened for one source run. Each packet
 * carries its flow's next sequence number and the send time (see {@link dev.labdeck.protocol.PayloadFormat}).
 * Used by one sending thread at a time.
 */
interface PacketEngine extends AutoCloseable {

    TrafficEngine kind();

    /** The most packets worth handing over in one {@link #send} so the sender still sees the clock often. */
    int maxBurst();

    /**
     * Sends {@code count} packets of flow number {@code flow} (its index in the request).
     *
     * @return how many the kernel took; the rest count as send errors
     * @throws IOException when the engine cannot send at all any more
     */
    int send(int flow, int count) throws IOException;

    /** UDP payload bytes of {@code flow}'s packets the kernel took so far. */
    long bytes(int flow);

    @Override
    void close();
}
