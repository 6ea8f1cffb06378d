package dev.labdeck.controller.sweep;

import java.util.List;

/**
 * summary.json's {@code search} section: the search's settings and, per packet size (and XDP side),
 * every trial, the rate found and whether the generator was the limit.
 */
public record SearchSummary(double lossPercent, String resolution, String trial, long maxPps, List<Result> results) {

    /** @param throughputPps null when no rate met the loss limit */
    public record Result(int packetSize, Boolean withXdp, Long throughputPps, boolean generatorLimited, String verdict,
                         List<ThroughputSearch.TrialOutcome> trials) {}
}
