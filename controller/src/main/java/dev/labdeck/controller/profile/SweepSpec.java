package dev.labdeck.controller.profile;

import dev.labdeck.protocol.AgentLimits;
import java.util.List;

/**
 * The profile's {@code sweep} section: the same traffic measured at every combination of rates
 * and packet sizes with the lab deployed once; with a {@code without-xdp} baseline every step is
 * measured without XDP and then with it. Rates are listed ({@code rate_pps}) or spanned
 * ({@code from_pps}, {@code to_pps}, {@code steps}, {@code scale}).
 */
public record SweepSpec(
        @Key(min = 1, max = AgentLimits.MAX_PPS, unit = "packets per second", oneOrMore = true, siSuffix = true,
                doc = "rates to measure, one step each, e.g. [10000, 100000, 1000000]") List<Integer> ratePps,
        @Key(min = AgentLimits.MIN_PAYLOAD_BYTES, max = AgentLimits.MAX_PAYLOAD_BYTES, unit = "bytes", oneOrMore = true,
                doc = "UDP payload sizes to measure, each with every rate") List<Integer> packetSize,
        @Key(min = 1, max = AgentLimits.MAX_PPS, unit = "packets per second", siSuffix = true,
                doc = "the first rate of a span (instead of rate_pps)") Long fromPps,
        @Key(min = 1, max = AgentLimits.MAX_PPS, unit = "packets per second", siSuffix = true, doc = "the last rate of a span") Long toPps,
        @Key(min = 1, max = 100, orElse = "5", doc = "how many rates the span has, from and to included") int steps,
        @Key(orElse = "linear", doc = "linear: evenly spaced rates; log: the same ratio between neighbours") SweepScale scale) {}
