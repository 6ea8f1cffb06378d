package dev.labdeck.gui.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The ready profiles shipped in {@code <labdeck.home>/profiles}, offered by "New from bundled". */
public final class BundledProfiles {
    private BundledProfiles() {}

    /** LabDeck's home: the launcher sets {@code labdeck.home}; otherwise the working directory. */
    public static Path home() {
        String h = System.getProperty("labdeck.home");
        return h != null ? Path.of(h) : Path.of("").toAbsolutePath();
    }

    public static List<Path> list(Path home) {
        Path dir = home.resolve("profiles");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
