package dev.labdeck.controller.profile;

import dev.labdeck.protocol.AgentLimits;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The profile's {@code search} section: RFC 2544 §26.1 throughput, the highest rate whose loss
 * stays within {@code loss_percent}, found by binary search from {@code max_pps} down, one search
 * per packet size (and per side with a {@code without-xdp} baseline).
 *
 * @param resolution when to stop: {@code 1%} of the rate, or {@code 500} packets per second
 */
public record SearchSpec(
        @Key(orElse = "0", doc = "the most loss a trial may have and still pass, percent of what was sent") double lossPercent,
        @Key(orElse = "1%", doc = "stop when the passing and failing rates are this close: a percent of the rate (1%) or packets per second (500)")
        String resolution,
        @Key(positive = true, orElse = "10s", doc = "how long each trial sends") Duration trial,
        @Key(required = true, min = 1, max = AgentLimits.MAX_PPS, unit = "packets per second", siSuffix = true,
                doc = "the first and highest rate tried") long maxPps,
        @Key(min = 1, max = AgentLimits.MAX_PPS, orElse = "100", unit = "packets per second", siSuffix = true,
                doc = "the lowest rate worth a trial") long minPps,
        @Key(min = AgentLimits.MIN_PAYLOAD_BYTES, max = AgentLimits.MAX_PAYLOAD_BYTES, unit = "bytes", oneOrMore = true,
                derived = "traffic.packet_size", doc = "UDP payload sizes, one search each") List<Integer> packetSize) {

    /** The resolution in percent of the rate, or 0 when it is given in packets per second. */
    public double resolutionPercent() {
        String r = resolution == null ? "1%" : resolution.trim();
        return r.endsWith("%") ? parse(r.substring(0, r.length() - 1)) : 0;
    }

    /** The resolution in packets per second, or 0 when it is given in percent. */
    public long resolutionPps() {
        String r = resolution == null ? "1%" : resolution.trim().toLowerCase(Locale.ROOT);
        return r.endsWith("%") ? 0 : Math.round(parse(r.replace("pps", "")));
    }

    /** Why the resolution cannot be used, or null. */
    public String resolutionProblem() {
        try {
            return resolutionPercent() > 0 || resolutionPps() > 0 ? null : "search.resolution must be above zero";
        } catch (IllegalArgumentException e) {
            return "search.resolution: expected a percent of the rate (1%) or packets per second (500), got '" + resolution + "'";
        }
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}
