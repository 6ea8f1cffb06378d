package dev.labdeck.protocol;

import java.util.List;

/**
 * Starts the UDP traffic source. Each payload carries flow id, sequence number and send time
 * (see {@link PayloadFormat}).
 *
 * @param destination  IPv4/IPv6 address or name the packets go to
 * @param bindAddress  local address to send from, or null for any
 * @param pps          packets per second over all flows together
 * @param payloadBytes UDP payload size, at least {@link PayloadFormat#HEADER_BYTES}
 */
public record TrafficStart(
        String destination, String bindAddress, List<Flow> flows, long pps, int payloadBytes, long durationMs) {}
