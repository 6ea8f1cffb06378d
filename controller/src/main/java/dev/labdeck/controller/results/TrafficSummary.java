package dev.labdeck.controller.results;

import java.util.List;

/**
 * The traffic figures of one measurement. {@code lost_packets} is sent minus received (never
 * negative), so loss at the tail of a flow counts too; rates are over the source's send time.
 *
 * @param startedMs  when the source started sending (epoch ms, agent clock of the source host)
 * @param endedMs    when it stopped
 * @param complete   false when a fault cut the measurement short: the figures are what was counted
 *                   up to it, and {@code incomplete} says what is missing
 * @param incomplete null when complete, else what is missing and why, for people
 */
public record TrafficSummary(long txPackets, long rxPackets, long lostPackets, double txPps, double rxPps,
                             double lossPercent, long txBytes, long rxBytes, long sendErrors, long foreignPackets,
                             long startedMs, long endedMs, List<FlowSummary> perFlow, boolean complete,
                             String incomplete) {

    /** A complete measurement. */
    public TrafficSummary(long txPackets, long rxPackets, long lostPackets, double txPps, double rxPps,
                          double lossPercent, long txBytes, long rxBytes, long sendErrors, long foreignPackets,
                          long startedMs, long endedMs, List<FlowSummary> perFlow) {
        this(txPackets, rxPackets, lostPackets, txPps, rxPps, lossPercent, txBytes, rxBytes, sendErrors, foreignPackets,
                startedMs, endedMs, perFlow, true, null);
    }

    /** The same figures marked as cut short by a fault. */
    public TrafficSummary incomplete(String why) {
        return new TrafficSummary(txPackets, rxPackets, lostPackets, txPps, rxPps, lossPercent, txBytes, rxBytes,
                sendErrors, foreignPackets, startedMs, endedMs, perFlow, false, why);
    }

    public double durationSeconds() {
        return Math.max(0, endedMs - startedMs) / 1000.0;
    }
}
