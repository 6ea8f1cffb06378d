package dev.labdeck.protocol;

import java.util.List;

/** @param state one of idle, running, done, stopped, error */
public record TrafficStatus(
        String state, long startedAtMs, long endedAtMs, long packets, long bytes, long sendErrors,
        List<FlowCounters> flows, String error) {}
