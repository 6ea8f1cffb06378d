package dev.labdeck.gui.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Results table's settings columns come from the run's own profile.yaml. */
class HistoryRunArchiveTest {
    @TempDir Path dir;

    @Test
    void readsRateSizeFlowsAndEngineOfTheRunsProfile() throws Exception {
        Files.writeString(dir.resolve("profile.yaml"), """
                name: x
                traffic:
                  flows: 16
                  rate_pps: 250000
                  packet_size: 1400
                """);
        assertEquals(Map.of("flows", "16", "rate_pps", "250000", "packet_size", "1400"), HistoryRunArchive.settings(dir));
    }

    @Test
    void aRunWithoutAProfileHasNoSettings() {
        assertEquals(Map.of(), HistoryRunArchive.settings(dir));
    }
}
