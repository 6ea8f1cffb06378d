package dev.labdeck.agent.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The inode of this process's network namespace: XDP leftovers can only be removed from inside it. */
final class NetworkNamespace {
    private NetworkNamespace() {}

    static String current() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString().replaceAll("[^0-9]", "");
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }
}
