package dev.labdeck.protocol;

import java.util.List;

/**
 * The traffic sink's state and counters; {@code error} says why when {@code state} is ERROR.
 *
 * @param latency     one-way latency of every flow's packets together
 * @param flowLatency one-way latency per flow id
 * @param payloadChecked    packets whose payload the sink checked against their flow's pattern
 * @param payloadMismatches of those, the packets whose bytes after the header differ from it
 */
public record SinkStatus(
        SinkState state, long packets, long bytes, long lost, long reordered, long duplicates, long foreign,
        List<FlowCounters> flows, String error, OneWayLatency latency, java.util.Map<Integer, OneWayLatency> flowLatency,
        long payloadChecked, long payloadMismatches) {

    /** Payloads not checked. */
    public SinkStatus(SinkState state, long packets, long bytes, long lost, long reordered, long duplicates, long foreign,
                      List<FlowCounters> flows, String error, OneWayLatency latency, java.util.Map<Integer, OneWayLatency> flowLatency) {
        this(state, packets, bytes, lost, reordered, duplicates, foreign, flows, error, latency, flowLatency, 0, 0);
    }

    /** Counters without latency. */
    public SinkStatus(SinkState state, long packets, long bytes, long lost, long reordered, long duplicates, long foreign,
                      List<FlowCounters> flows, String error) {
        this(state, packets, bytes, lost, reordered, duplicates, foreign, flows, error, null, java.util.Map.of());
    }
}
