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
 * @param complete         false when a fault cut the measurement short: the figures are what was counted
 *                         up to it, and {@code incomplete} says what is missing
 * @param incomplete       null when complete, else what is missing and why, for people
 * @param latencyUs        one-way latency of all flows' packets (null when the sink did not measure it)
 * @param clockOffset      the sink's clock against the source's, measured at PREFLIGHT (null when not measured)
 * @param payloadMismatches packets the sink received whose bytes after LabDeck's header differ from
 *                         their flow's payload pattern (random payloads are not checked)
 */
public record TrafficSummary(long txPackets, long rxPackets, long lostPackets, double txPps, double rxPps,
                             double lossPercent, long txBytes, long rxBytes, long sendErrors, long foreignPackets,
                             long startedMs, long endedMs, List<FlowSummary> perFlow,
                             TrafficEngine engine, long requestedPps, double achievedPps, boolean generatorLimited,
                             String egressInterface, long egressTxPackets, int threads, List<String> engineNotes,
                             boolean complete, String incomplete,
                             dev.labdeck.protocol.OneWayLatency latencyUs, ClockOffset clockOffset, long payloadMismatches) {

    /** Figures without the payload check (before it existed). */
    public TrafficSummary(long txPackets, long rxPackets, long lostPackets, double txPps, double rxPps,
                          double lossPercent, long txBytes, long rxBytes, long sendErrors, long foreignPackets,
                          long startedMs, long endedMs, List<FlowSummary> perFlow,
                          TrafficEngine engine, long requestedPps, double achievedPps, boolean generatorLimited,
                          String egressInterface, long egressTxPackets, int threads, List<String> engineNotes,
                          boolean complete, String incomplete,
                          dev.labdeck.protocol.OneWayLatency latencyUs, ClockOffset clockOffset) {
        this(txPackets, rxPackets, lostPackets, txPps, rxPps, lossPercent, txBytes, rxBytes, sendErrors, foreignPackets,
                startedMs, endedMs, perFlow, engine, requestedPps, achievedPps, generatorLimited, egressInterface,
                egressTxPackets, threads, engineNotes, complete, incomplete, latencyUs, clockOffset, 0);
    }

    /** Below this share of the requested rate a measurement is generator-limited. */
    public static final double LIMITED_BELOW = 0.995;

    /** Incomplete always says why; a summary.json written before these fields existed reads as complete. */
    public TrafficSummary {
        complete = complete || incomplete == null;
    }

    /** Figures without latency. */
    public TrafficSummary(long txPackets, long rxPackets, long lostPackets, double txPps, double rxPps,
                          double lossPercent, long txBytes, long rxBytes, long sendErrors, long foreignPackets,
                          long startedMs, long endedMs, List<FlowSummary> perFlow,
                          TrafficEngine engine, long requestedPps, double achievedPps, boolean generatorLimited,
                          String egressInterface, long egressTxPackets, int threads, List<String> engineNotes,
                          boolean complete, String incomplete) {
        this(txPackets, rxPackets, lostPackets, txPps, rxPps, lossPercent, txBytes, rxBytes, sendErrors, foreignPackets,
                startedMs, endedMs, perFlow, engine, requestedPps, achievedPps, generatorLimited, egressInterface,
                egressTxPackets, threads, engineNotes, complete, incomplete, null, null);
    }

    /** A complete measurement. */
    public TrafficSummary(long txPackets, long rxPackets, long lostPackets, double txPps, double rxPps,
                          double lossPercent, long txBytes, long rxBytes, long sendErrors, long foreignPackets,
                          long startedMs, long endedMs, List<FlowSummary> perFlow,
                          TrafficEngine engine, long requestedPps, double achievedPps, boolean generatorLimited,
                          String egressInterface, long egressTxPackets, int threads, List<String> engineNotes) {
        this(txPackets, rxPackets, lostPackets, txPps, rxPps, lossPercent, txBytes, rxBytes, sendErrors, foreignPackets,
                startedMs, endedMs, perFlow, engine, requestedPps, achievedPps, generatorLimited, egressInterface,
                egressTxPackets, threads, engineNotes, true, null);
    }

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

    /** Figures without a requested rate (e.g. read from an older summary). */
    public TrafficSummary(long txPackets, long rxPackets, long lostPackets, double txPps, double rxPps,
                          double lossPercent, long txBytes, long rxBytes, long sendErrors, long foreignPackets,
                          long startedMs, long endedMs, List<FlowSummary> perFlow) {
        this(txPackets, rxPackets, lostPackets, txPps, rxPps, lossPercent, txBytes, rxBytes, sendErrors, foreignPackets,
                startedMs, endedMs, perFlow, null, 0, txPps, false, null, -1);
    }

    /** The same figures marked as cut short by a fault. */
    public TrafficSummary incomplete(String why) {
        return new TrafficSummary(txPackets, rxPackets, lostPackets, txPps, rxPps, lossPercent, txBytes, rxBytes,
                sendErrors, foreignPackets, startedMs, endedMs, perFlow, engine, requestedPps, achievedPps,
                generatorLimited, egressInterface, egressTxPackets, threads, engineNotes, false, why, latencyUs, clockOffset,
                payloadMismatches);
    }

    public double durationSeconds() {
        return Math.max(0, endedMs - startedMs) / 1000.0;
    }

    /** Whether {@code achieved} falls short of {@code requested} by more than half a percent. */
    public static boolean limited(double achieved, long requested) {
        return requested > 0 && achieved < LIMITED_BELOW * requested;
    }
}
