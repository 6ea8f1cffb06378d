package dev.labdeck.controller.profile;

import dev.labdeck.protocol.AgentLimits;

/**
 * One flow's own settings ({@code traffic.per_flow}, in the order of the flows): its share of the
 * rate, its packet size, its source port and what fills its payloads. Each component defines its
 * key: see {@link Key}.
 *
 * @param share      its share of {@code rate_pps}, as a weight against the other flows' shares
 * @param packetSize its UDP payload bytes; null takes {@code traffic.packet_size}, 0 is IMIX
 * @param srcPort    its UDP source port; 0 lets the host pick
 * @param payload    what fills its payloads after LabDeck's header: zeros, random, hex:..., text:...
 */
public record FlowSpec(
        @Key(min = 1, max = 1_000_000, orElse = "1",
                doc = "the flow's share of rate_pps, as a weight against the other flows' shares") int share,
        @Key(min = AgentLimits.MIN_PAYLOAD_BYTES, max = AgentLimits.MAX_PAYLOAD_BYTES, zeroWord = "imix", unit = "bytes",
                derived = "traffic.packet_size",
                doc = "the flow's UDP payload bytes, or imix: 7:4:1 of 64, 570 and 1518-byte Ethernet frames") Integer packetSize,
        @Key(min = 0, max = AgentLimits.MAX_PORT, orElse = "0", doc = "the flow's UDP source port; 0 lets the host pick")
        int srcPort,
        @Key(orElse = "zeros", doc = "what fills the payload after LabDeck's header: zeros, random (chosen once per flow),"
                + " hex:<bytes in hex>, or text:<text>, repeated") String payload) {

    /** A copy with {@code key} (a YAML key of a flow) set to {@code value}. */
    public FlowSpec with(String key, Object value) {
        return ProfileDefinition.with(this, key, value);
    }
}
