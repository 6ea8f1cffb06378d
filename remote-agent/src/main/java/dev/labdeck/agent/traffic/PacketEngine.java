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
     * What one {@link #send} costs in wall time whatever its size, as a first guess before any
     * was measured (0: the cost grows with the packets, nothing fixed). The source plans the
     * tail of a run by it until it has measured its own calls.
     */
    default long callNanosGuess() {
        return 0;
    }

    /**
     * Sends {@code count} packets of flow number {@code flow} (its index in the request).
     *
     * @return how many the kernel took; the rest count as send errors
     * @throws IOException when the engine cannot send at all any more
     */
    int send(int flow, int count) throws IOException;

    /**
     * How many {@link #send(int, int, int)} calls may be in flight at once, each from its own
     * thread on its own lane (1: one call at a time, {@link #send(int, int)} only). An engine whose
     * call costs a fixed wait (see {@link #callNanosGuess}) hides it by overlapping calls.
     */
    default int lanes() {
        return 1;
    }

    /**
     * As {@link #send(int, int)} on lane {@code lane} (0 to {@link #lanes()} − 1): calls on
     * different lanes may run at the same time from different threads, one call per lane at a time.
     */
    default int send(int lane, int flow, int count) throws IOException {
        if (lane != 0) throw new IllegalArgumentException("this engine has one lane, got lane " + lane);
        return send(flow, count);
    }

    /** UDP payload bytes of {@code flow}'s packets the kernel took so far. */
    long bytes(int flow);

    @Override
    void close();
}
