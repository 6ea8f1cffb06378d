package dev.labdeck.controller.compare;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/** Which way a figure should move: received packets up, loss and CPU down, anything else no verdict. */
public enum Better {
    HIGHER, LOWER, NEITHER;

    /** Words of a figure's path (split at '.' and '_') that make less of it better. */
    private static final Set<String> LOWER_WORDS = Set.of("loss", "lost", "drop", "drops", "error", "errors",
            "reordered", "duplicates", "foreign", "missed", "nombuf", "latency", "jitter", "cpu", "mem", "rtt");
    /** Whole last names of figures that are better when larger. */
    private static final Set<String> HIGHER_LEAVES = Set.of("rx_pps", "rx_packets", "rx_bytes", "rx_bps", "tx_pps",
            "tx_packets", "tx_bytes", "throughput_pps", "found_pps", "requests_per_second", "goodput_bps");

    /** By the figure's dotted path as in summary.json; unknown figures are NEITHER (no verdict given). */
    public static Better of(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        // a per-core or per-flow figure is judged by what it counts, not by its index
        if (Arrays.stream(p.split("[._]")).anyMatch(LOWER_WORDS::contains)) {
            return LOWER;
        }
        return HIGHER_LEAVES.contains(p.substring(p.lastIndexOf('.') + 1)) ? HIGHER : NEITHER;
    }
}
