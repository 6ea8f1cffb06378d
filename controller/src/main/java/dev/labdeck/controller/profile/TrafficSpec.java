package dev.labdeck.controller.profile;

import dev.labdeck.protocol.AgentLimits;
import java.time.Duration;
import java.util.List;

/**
 * UDP traffic from the {@code source} host's agent to the {@code sink} host's agent (the
 * profile's {@code traffic} section). Each component defines its key: see {@link Key}.
 *
 * @param destination address the source sends to (the sink's data-plane address)
 * @param ports       one destination port per flow
 * @param pps         packets per second over all flows
 * @param engine      how the source sends
 * @param packetSize  UDP payload bytes; 0 is IMIX
 * @param threads     sending threads; 0 means auto (one per core the source host can spare)
 * @param perFlow     the first flows' own settings, in order (may be shorter than the flows)
 */
public record TrafficSpec(
        @Key(what = "traffic source host", derived = "the host with role src (or the only host)",
                doc = "host that sends") String source,
        @Key(what = "traffic sink host", derived = "the host with role dst (or the only host)",
                doc = "host that receives") String sink,
        @Key(what = "traffic destination", derived = "the sink host's address (127.0.0.1 for a local sink)",
                doc = "address the source sends to; lab:dst.data for the lab-in-a-box dst host's data-link address")
        String destination,
        @Key(min = 1, max = AgentLimits.MAX_FLOWS, derived = "the number of ports, else 1",
                doc = "number of UDP flows, each to its own destination port") int flows,
        @Key(port = true, derived = "12345 onwards, one per flow", doc = "one destination port per flow")
        List<Integer> ports,
        @Key(name = "rate_pps", min = 1, max = AgentLimits.MAX_PPS, orElse = "1000", unit = "packets per second",
                why = "(the most one agent's traffic source sends)", siSuffix = true, sweeps = true,
                doc = "packets per second over all flows (10k, 1.5M allowed); a list such as [10k, 100k, 1M] measures each")
        long pps,
        @Key(min = AgentLimits.MIN_PAYLOAD_BYTES, max = AgentLimits.MAX_PAYLOAD_BYTES, orElse = "64", unit = "bytes",
                zeroWord = "imix",
                why = "(the UDP payload, which starts with LabDeck's " + AgentLimits.MIN_PAYLOAD_BYTES + "-byte header)",
                sweeps = true, doc = "UDP payload bytes, or imix: 7:4:1 of 64, 570 and 1518-byte Ethernet frames (the 64-byte"
                        + " ones sent as 70 to carry LabDeck's header); a list such as [64, 512, 1518] measures each (with each rate)")
        int packetSize,
        @Key(positive = true, orElse = "10s", what = "traffic duration", doc = "how long MEASURE sends")
        Duration duration,
        @Key(orElse = "0s", doc = "traffic sent before MEASURE, not counted") Duration warmup,
        @Key(orElse = "0s", doc = "time after MEASURE for the last packets to arrive") Duration cooldown,
        @Key(orElse = "auto", doc = "how the source sends: auto takes the fastest engine the source host proves at"
                + " PREFLIGHT works (xdp-live, then packet-ring, then socket) and says why it skipped the others")
        TrafficEngineChoice engine,
        @Key(min = 1, max = AgentLimits.MAX_SENDER_THREADS, zeroWord = "auto", orElse = "1",
                doc = "threads that send, each pinned to its own core with its share of the flows; auto: one per"
                        + " core the source host can spare") int threads,
        @Key(orElse = "[]", doc = "each flow's own settings, in the order of the flows (share, packet_size, src_port,"
                + " payload); flows without an entry take the traffic's") List<FlowSpec> perFlow) {

    /** Traffic whose flows all take the traffic's settings (before per_flow existed). */
    public TrafficSpec(String source, String sink, String destination, int flows, List<Integer> ports, long pps,
                       int packetSize, Duration duration, Duration warmup, Duration cooldown, TrafficEngineChoice engine,
                       int threads) {
        this(source, sink, destination, flows, ports, pps, packetSize, duration, warmup, cooldown, engine, threads, List.of());
    }

    /** Traffic with the default engine and threads (the keys before they existed). */
    public TrafficSpec(String source, String sink, String destination, int flows, List<Integer> ports, long pps,
                       int packetSize, Duration duration, Duration warmup, Duration cooldown) {
        this(source, sink, destination, flows, ports, pps, packetSize, duration, warmup, cooldown,
                (TrafficEngineChoice) ProfileDefinition.orElse(TrafficSpec.class, "engine"),
                (int) ProfileDefinition.orElse(TrafficSpec.class, "threads"));
    }

    /** Flow {@code i}'s own settings, or null when it takes the traffic's. */
    public FlowSpec flow(int i) {
        return perFlow == null || i >= perFlow.size() ? null : perFlow.get(i);
    }

    /** A copy with {@code key} (a YAML key of traffic) set to {@code value}. */
    public TrafficSpec with(String key, Object value) {
        return ProfileDefinition.with(this, key, value);
    }
}
