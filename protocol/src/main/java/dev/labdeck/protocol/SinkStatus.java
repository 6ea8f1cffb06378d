package dev.labdeck.protocol;

import java.util.List;

/** @param state one of idle, running, stopped, error */
public record SinkStatus(
        String state, long packets, long bytes, long lost, long reordered, long duplicates, long foreign,
        List<FlowCounters> flows, String error) {}
