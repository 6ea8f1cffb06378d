package dev.labdeck.controller.bench;

import java.time.Duration;

/** One sender the benchmark measures: started on the lab's data link, measured, stopped. */
sealed interface Sender permits LabDeckSender, TrafgenSender, Iperf3Sender {

    /** How the tables name it, e.g. {@code labdeck xdp-live} or {@code trafgen}. */
    String name();

    /**
     * True when the sender needs answers from {@code dst} (iperf3's UDP test starts with a datagram
     * its server answers), so the XDP program on {@code dst} must pass, not drop, its packets.
     */
    default boolean needsReplies() {
        return false;
    }

    /** Starts sending from {@code src} to {@code dst} for at least {@code atLeast}. */
    Sending start(Duration atLeast) throws BenchException;

    /** A sender at work. */
    interface Sending extends AutoCloseable {
        /** CPU time spent so far by every process that does the sending. */
        Duration cpu();

        /** Stops sending; returns how many packets the sender says it sent, or -1 when it does not say. */
        long stop() throws BenchException;

        /** Ends whatever is left running, after a failure too. */
        @Override
        void close();
    }
}
