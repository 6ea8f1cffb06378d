package dev.labdeck.gui.results;

import dev.labdeck.controller.results.RunStatus;
import java.nio.file.Path;
import java.time.Instant;

/** One row of the runs table: a run directory and the key figures of its summary ({@code RUNNING} without one). */
public record RunRecord(Path directory, String profile, Instant started, Instant ended, RunStatus status,
                        double txPps, double rxPps, double lossPercent, long txPackets, long rxPackets) {
    public String id() {
        return directory.getFileName().toString();
    }
}
