package dev.labdeck.controller.profile;

import java.time.Duration;
import java.util.List;

/**
 * UDP traffic from the {@code source} host's agent to the {@code sink} host's agent.
 *
 * @param destination address the source sends to (the sink's data-plane address)
 * @param ports       one destination port per flow
 * @param pps         packets per second over all flows
 * @param packetSize  UDP payload bytes
 */
public record TrafficSpec(
        String source,
        String sink,
        String destination,
        int flows,
        List<Integer> ports,
        long pps,
        int packetSize,
        Duration duration,
        Duration warmup,
        Duration cooldown) {}
