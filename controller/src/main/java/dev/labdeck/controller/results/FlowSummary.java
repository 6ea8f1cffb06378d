package dev.labdeck.controller.results;

/**
 * One flow's figures: sent by the source, received by the sink (lost, reordered, duplicates from
 * sequence numbers), the one-way latency of its packets (null when the sink did not measure it), and
 * the UDP payload bytes each side counted.
 */
public record FlowSummary(int flow, int port, long txPackets, long rxPackets, long lostPackets, double lossPercent,
                          long reordered, long duplicates, dev.labdeck.protocol.OneWayLatency latencyUs,
                          long txBytes, long rxBytes) {

    /** Figures without bytes. */
    public FlowSummary(int flow, int port, long txPackets, long rxPackets, long lostPackets, double lossPercent,
                       long reordered, long duplicates, dev.labdeck.protocol.OneWayLatency latencyUs) {
        this(flow, port, txPackets, rxPackets, lostPackets, lossPercent, reordered, duplicates, latencyUs, 0, 0);
    }

    /** Figures without latency. */
    public FlowSummary(int flow, int port, long txPackets, long rxPackets, long lostPackets, double lossPercent,
                       long reordered, long duplicates) {
        this(flow, port, txPackets, rxPackets, lostPackets, lossPercent, reordered, duplicates, null, 0, 0);
    }
}
