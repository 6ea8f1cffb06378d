package dev.labdeck.controller.results;

import dev.labdeck.protocol.TrafficEngine;
import java.util.List;

/**
 * The traffic figures of one measurement. {@code lost_packets} is sent minus received (never
 * negative), so loss at the tail of a flow counts too; rates are over the source's send time.
 *
 * @param startedMs        when the source started sending (epoch ms, agent clock of the source host)
 * @param endedMs          when it stopped
 * @param engine           how the source sent (null for an agent that does not say)
 * @param requestedPps     the rate the profile asked for
 * @param achievedPps      the rate the source reached over the measurement
 * @param generatorLimited the source reached less than {@value #LIMITED_BELOW} of the requested rate:
 *                         the figures describe the achieved rate, not the requested one
 * @param egressInterface  the source host's interface the packets left by (null when unknown)
 * @param egressTxPackets  what that interface's kernel counter counted while the source sent (-1 when unknown)
 * @param threads          the source's sending threads
 * @param engineNotes      why the source host skipped the faster engines (chosen at PREFLIGHT), and
 *                         anything else about the engine the user should know
 */
public record TrafficSummary(long txPackets, long rxPackets, long lostPackets, double txPps, double rxPps,
                             double lossPercent, long txBytes, long rxBytes, long sendErrors, long foreignPackets,
                             long startedMs, long endedMs, List<FlowSummary> perFlow,
                             TrafficEngine engine, long requestedPps, double achievedPps, boolean generatorLimited,
                             String egressInterface, long egressTxPackets, int threads, List<String> engineNotes) {

    /** Figures without the threads and the engine's notes (before they existed). */
    public TrafficSummary(long txPackets, long rxPackets, long lostPackets, double txPps, double rxPps,
                          double lossPercent, long txBytes, long rxBytes, long sendErrors, long foreignPackets,
                          long startedMs, long endedMs, List<FlowSummary> perFlow,
                          TrafficEngine engine, long requestedPps, double achievedPps, boolean generatorLimited,
                          String egressInterface, long egressTxPackets) {
        this(txPackets, rxPackets, lostPackets, txPps, rxPps, lossPercent, txBytes, rxBytes, sendErrors, foreignPackets,
                startedMs, endedMs, perFlow, engine, requestedPps, achievedPps, generatorLimited, egressInterface,
                egressTxPackets, 1, List.of());
    }

    /** Below this share of the requested rate a measurement is generator-limited. */
    public static final double LIMITED_BELOW = 0.995;

    /** Figures without a requested rate (e.g. read from an older summary). */
    public TrafficSummary(long txPackets, long rxPackets, long lostPackets, double txPps, double rxPps,
                          double lossPercent, long txBytes, long rxBytes, long sendErrors, long foreignPackets,
                          long startedMs, long endedMs, List<FlowSummary> perFlow) {
        this(txPackets, rxPackets, lostPackets, txPps, rxPps, lossPercent, txBytes, rxBytes, sendErrors, foreignPackets,
                startedMs, endedMs, perFlow, null, 0, txPps, false, null, -1);
    }

    public double durationSeconds() {
        return Math.max(0, endedMs - startedMs) / 1000.0;
    }

    /** Whether {@code achieved} falls short of {@code requested} by more than half a percent. */
    public static boolean limited(double achieved, long requested) {
        return requested > 0 && achieved < LIMITED_BELOW * requested;
    }
}
