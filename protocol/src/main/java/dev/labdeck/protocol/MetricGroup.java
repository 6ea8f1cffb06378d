package dev.labdeck.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Optional;

/**
 * A group of figures an agent samples for monitoring ({@link RunSession#metrics()}); on the wire
 * in lower case. The run's own traffic figures ({@code traffic.*}, {@code sink.*}) belong to no
 * group: they are the measurement and always sent.
 */
public enum MetricGroup implements WireWord {
    /** {@code cpu.*}: utilisation per core and in total. */
    CPU("cpu."),
    /** {@code mem.*}: memory used and total. */
    MEMORY("mem."),
    /** {@code if.*}: every interface's counters and rates. */
    NETWORK("if."),
    /** {@code xdp.*}: the attached programs' counters. */
    XDP("xdp."),
    /** {@code dpdk.*}: the DPDK ports of the run's services. */
    DPDK("dpdk.");

    private final String prefix;

    MetricGroup(String prefix) {
        this.prefix = prefix;
    }

    /** The group a metric name (see {@link Metrics}) belongs to; empty for the run's own traffic figures. */
    public static Optional<MetricGroup> forMetric(String metric) {
        if (metric != null) {
            for (MetricGroup g : values()) {
                if (metric.startsWith(g.prefix)) {
                    return Optional.of(g);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return json();
    }

    /** The wire word, in any case; throws for a word outside the set. */
    @JsonCreator
    public static MetricGroup of(String word) {
        return WireWord.of(MetricGroup.class, word);
    }
}
