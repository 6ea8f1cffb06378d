package dev.labdeck.controller.results;

import java.util.List;

/**
 * The traffic figures of one measurement. {@code lost_packets} is sent minus received (never
 * negative), so loss at the tail of a flow counts too; rates are over the source's send time.
 *
 * @param startedMs when the source started sending (epoch ms, agent clock of the source host)
 * @param endedMs   when it stopped
 */
public record TrafficSummary(long txPackets, long rxPackets, long lostPackets, double txPps, double rxPps,
                             double lossPercent, long txBytes, long rxBytes, long sendErrors, long foreignPackets,
                             long startedMs, long endedMs, List<FlowSummary> perFlow) {

    public double durationSeconds() {
        return Math.max(0, endedMs - startedMs) / 1000.0;
    }
}
