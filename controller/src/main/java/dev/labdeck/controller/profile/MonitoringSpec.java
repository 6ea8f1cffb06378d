package dev.labdeck.controller.profile;

import java.time.Duration;
import java.util.List;

/** @param metrics groups to collect: cpu, memory, network, xdp, dpdk */
public record MonitoringSpec(Duration sampleInterval, List<String> metrics) {}
