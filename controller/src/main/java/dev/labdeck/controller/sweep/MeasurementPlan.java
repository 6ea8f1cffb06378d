package dev.labdeck.controller.sweep;

import dev.labdeck.controller.profile.Profile;
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
        return Optional.empty();
    }

    public boolean isSearch() {
        return search != null;
    }
}
