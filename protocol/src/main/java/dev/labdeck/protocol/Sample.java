package dev.labdeck.protocol;

import java.util.Map;

/**
 * One measured value, in the long format of metrics.csv. Names are listed in {@link Metrics}.
 *
 * @param labels e.g. {@code core=3}, {@code iface=veth0}, {@code flow=2}; never null
 */
public record Sample(long timeMs, String metric, Map<String, String> labels, double value) {}
