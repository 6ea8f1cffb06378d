package dev.labdeck.protocol;

import java.util.List;

/**
 * Starts the UDP traffic source. Each payload carries flow id, sequence number and send time
 * (see {@link PayloadFormat}). The source sends for {@code durationMs} and then stops, whatever
 * rate it reached; {@link TrafficStatus} says how many packets that was.
 *
 * @param destination  IPv4/IPv6 address or name the packets go to
 * @param bindAddress  local address to send from, or null for any
 * @param pps          packets per second over all flows together, 1..{@link #MAX_PPS}
 * @param payloadBytes UDP payload size, at least {@link PayloadFormat#HEADER_BYTES}
 * @param engine       how to send; null means {@link TrafficEngine#AUTO}
 * @param threads      sending threads, each pinned to its own core; 0 means one per core the host can spare
 * @param receiverXdpAtPrepare the run attaches an XDP program on the receiving host's interface in
 *                     PREPARE (after PREFLIGHT asks which engine works): a veth peer without XDP
 *                     and with GRO off will take xdp-live's frames by MEASURE
 */
public record TrafficStart(
        String destination, String bindAddress, List<Flow> flows, long pps, int payloadBytes, long durationMs,
        TrafficEngine engine, int threads, boolean receiverXdpAtPrepare) {

    /** Without an XDP program planned on the receiver. */
    public TrafficStart(String destination, String bindAddress, List<Flow> flows, long pps, int payloadBytes, long durationMs,
                        TrafficEngine engine, int threads) {
        this(destination, bindAddress, flows, pps, payloadBytes, durationMs, engine, threads, false);
    }

    /** The highest rate a source accepts ({@link AgentLimits#MAX_PPS}). */
    public static final long MAX_PPS = AgentLimits.MAX_PPS;

    /** The fastest engine the host has, one thread. */
    public TrafficStart(String destination, String bindAddress, List<Flow> flows, long pps, int payloadBytes, long durationMs) {
        this(destination, bindAddress, flows, pps, payloadBytes, durationMs, TrafficEngine.AUTO, 1);
    }

    /** The engine asked for, {@link TrafficEngine#AUTO} when none was. */
    public TrafficEngine engineOrAuto() {
        return engine == null ? TrafficEngine.AUTO : engine;
    }
}
