package dev.labdeck.protocol;

import java.util.List;

/**
 * The traffic source's state and counters.
 *
 * @param state        idle, running, done (its duration ended), stopped (stopped early) or error
 * @param packets      packets the engine handed to the kernel (the source's claim; compare with the
 *                     egress interface's tx counter)
 * @param engine       the engine sending, null while idle
 * @param requestedPps the rate asked for
 * @param sendingNanos how long the source sent, by the monotonic clock
 * @param engineNotes  why the source chose its engine: each faster engine it skipped, and why
 * @param egressInterface the interface the packets leave by, null when the host cannot tell
 * @param egressTxPackets what the kernel counted leaving {@code egressInterface} while the source
 *                     sent (every packet, not only the source's), -1 when unknown
 * @param senderCores  the core each sending thread was pinned to (one entry per thread, -1 for a
 *                     thread the agent could not pin); empty while idle
 */
public record TrafficStatus(
        TrafficState state, long startedAtMs, long endedAtMs, long packets, long bytes, long sendErrors,
        List<FlowCounters> flows, String error, TrafficEngine engine, long requestedPps, long sendingNanos,
        List<String> engineNotes, String egressInterface, long egressTxPackets, List<Integer> senderCores) {

    public TrafficStatus(TrafficState state, long startedAtMs, long endedAtMs, long packets, long bytes, long sendErrors,
                         List<FlowCounters> flows, String error, TrafficEngine engine, long requestedPps, long sendingNanos,
                         List<String> engineNotes, String egressInterface, long egressTxPackets) {
        this(state, startedAtMs, endedAtMs, packets, bytes, sendErrors, flows, error, engine, requestedPps, sendingNanos,
                engineNotes, egressInterface, egressTxPackets, List.of());
    }

    public TrafficStatus(TrafficState state, long startedAtMs, long endedAtMs, long packets, long bytes, long sendErrors,
                         List<FlowCounters> flows, String error) {
        this(state, startedAtMs, endedAtMs, packets, bytes, sendErrors, flows, error, null, 0, 0, List.of(), null, -1);
    }
}
