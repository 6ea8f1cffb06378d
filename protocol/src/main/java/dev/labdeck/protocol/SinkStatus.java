package dev.labdeck.protocol;

import java.util.List;

/** The traffic sink's state and counters; {@code error} says why when {@code state} is ERROR. */
public record SinkStatus(
        SinkState state, long packets, long bytes, long lost, long reordered, long duplicates, long foreign,
        List<FlowCounters> flows, String error) {}
