package dev.labdeck.controller.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

final class BenchFiles {
    private BenchFiles() {}

    /** Deletes a temporary directory the benchmark made, best effort. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left for the temp cleaner; nothing of the lab depends on it
                }
            });
        } catch (IOException e) {
            // as above
        }
    }
}
