package dev.labdeck.gui.results;

import dev.labdeck.controller.results.RunStatus;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One row of the runs table: a run directory, the key figures of its summary ({@code RUNNING} without one) and the settings that
 * matter from the profile it ran ({@code settings}: rate_pps, packet_size, flows, engine; empty
 * when the run directory has no readable profile.yaml).
 */
public record RunRecord(Path directory, String profile, Instant started, Instant ended, RunStatus status,
                        double txPps, double rxPps, double lossPercent, long txPackets, long rxPackets,
                        java.util.Map<String, String> settings) {
    public RunRecord {
        settings = settings == null ? java.util.Map.of() : java.util.Map.copyOf(settings);
    }

    /** The run's length in seconds, or NaN while it runs. */
    public double seconds() {
        return started == null || ended == null ? Double.NaN : java.time.Duration.between(started, ended).toMillis() / 1000.0;
    }

    public String setting(String key) {
        return settings.getOrDefault(key, "");
    }

    public String id() {
        return directory.getFileName().toString();
    }
}
