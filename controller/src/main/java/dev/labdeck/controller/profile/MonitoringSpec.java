package dev.labdeck.controller.profile;

import java.time.Duration;
import java.util.List;

/**
 * What the agents sample during a run (the profile's {@code monitoring} section).
 *
 * @param metrics groups to collect: cpu, memory, network, xdp, dpdk
 */
public record MonitoringSpec(
        @Key(positive = true, orElse = "1s", doc = "how often every agent samples its figures")
        Duration sampleInterval,
        @Key(what = "metric", derived = "cpu, memory and network; xdp when the profile attaches XDP; dpdk when it"
                + " starts services", doc = "the groups of figures to sample")
        List<MetricGroup> metrics) {}
