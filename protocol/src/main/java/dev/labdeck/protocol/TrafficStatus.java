package dev.labdeck.protocol;

import java.util.List;

/** The traffic source's state and counters; {@code error} says why when {@code state} is ERROR. */
public record TrafficStatus(
        TrafficState state, long startedAtMs, long endedAtMs, long packets, long bytes, long sendErrors,
        List<FlowCounters> flows, String error) {}
