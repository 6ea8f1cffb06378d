package dev.labdeck.controller.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Old launch directories of the local agent do not pile up in ~/.labdeck/agent. */
class LocalTransportPruneTest {
    @TempDir
    Path root;

    @Test
    void removesWeekOldLaunchesWhoseAgentIsGoneAndKeepsTheRest() throws Exception {
        Path old = launch("old", Duration.ofDays(8), false);
        Path oldRunning = launch("old-running", Duration.ofDays(8), true);
        Path recent = launch("recent", Duration.ofHours(1), false);

        LocalTransport.pruneOldLaunches(root);

        assertFalse(Files.exists(old), "a week-old launch with no agent is removed");
        assertTrue(Files.exists(oldRunning), "a launch whose agent still has its pid file stays");
        assertTrue(Files.exists(recent), "a recent launch stays");
    }

    private Path launch(String name, Duration age, boolean pidFile) throws Exception {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.writeString(dir.resolve("console.log"), "agent output\n");
        if (pidFile) Files.writeString(dir.resolve("agent.pid"), "12345\n");
        Files.setLastModifiedTime(dir, FileTime.from(Instant.now().minus(age)));
        return dir;
    }
}
