package dev.labdeck.controller.sweep;

import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.SearchSpec;
import dev.labdeck.controller.profile.SweepScale;
import dev.labdeck.controller.profile.SweepSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a run measures when it measures more than once: the rates and sizes of a sweep, or a
 * throughput search; read from the profile's {@code sweep} and {@code search} sections.
 *
 * @param search null for a sweep
 */
public record MeasurementPlan(List<Long> rates, List<Integer> sizes, Search search) {

    /** A throughput search's settings (the profile's {@code search}). */
    public record Search(double lossPercent, double resolutionPercent, long resolutionPps, String resolution, Duration trial,
                         long maxPps, long minPps) {}

    /** The plan of a profile that sweeps or searches; empty for a single measurement. */
    public static Optional<MeasurementPlan> of(Profile p) {
        if (p.traffic() == null) return Optional.empty();
        SearchSpec se = p.search();
        if (se != null) {
            List<Integer> sizes = se.packetSize() == null || se.packetSize().isEmpty() ? List.of(p.traffic().packetSize()) : se.packetSize();
            return Optional.of(new MeasurementPlan(List.of(se.maxPps()), sizes, new Search(se.lossPercent(), se.resolutionPercent(),
                    se.resolutionPps(), se.resolution() == null ? "1%" : se.resolution(), se.trial(), se.maxPps(), se.minPps())));
        }
        SweepSpec sw = p.sweep();
        if (sw == null) return Optional.empty();
        List<Long> rates;
        if (sw.ratePps() != null && !sw.ratePps().isEmpty()) {
            rates = sw.ratePps().stream().map(Integer::longValue).toList();
        } else if (sw.fromPps() != null && sw.toPps() != null) {
            rates = SweepPlan.range(sw.fromPps(), sw.toPps(), Math.max(1, sw.steps()), sw.scale() == SweepScale.LOG);
        } else {
            rates = List.of(p.traffic().pps());
        }
        List<Integer> sizes = sw.packetSize() == null || sw.packetSize().isEmpty() ? List.of(p.traffic().packetSize()) : sw.packetSize();
        return Optional.of(new MeasurementPlan(rates, sizes, null));
    }

    public boolean isSearch() {
        return search != null;
    }
}
