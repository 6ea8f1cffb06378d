package dev.labdeck.nativeio.dpdk;

import dev.labdeck.nativeio.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where DPDK processes keep their runtime directories, and which of those hold a telemetry socket.
 * DPDK's own rule (eal_get_runtime_dir): /var/run/dpdk for root, else $XDG_RUNTIME_DIR/dpdk, else /tmp/dpdk.
 */
public final class DpdkRuntime {
    public static final String TELEMETRY_SOCKET = "dpdk_telemetry.v2";

    private DpdkRuntime() {}

    /** The runtime root for this user. */
    public static Path root() {
        if (Libc.get().getuid() == 0) {
            return Path.of("/var/run/dpdk");
        }
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        return Path.of(xdg != null && !xdg.isEmpty() ? xdg : "/tmp", "dpdk");
    }

    /** The runtime directory a process with this {@code --file-prefix} uses. */
    public static Path runtimeDirectory(String filePrefix) {
        return root().resolve(filePrefix);
    }

    /**
     * Every runtime directory with a telemetry socket, sorted by prefix. A directory left by a
     * process that has exited still has its socket file; connecting to it is refused, so callers
     * treat a failing connect as "gone".
     */
    public static List<DpdkProcess> discover() {
        Path root = root();
        List<DpdkProcess> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(Files::isDirectory)
                    .sorted(Comparator.comparing(Path::toString))
                    .forEach(dir -> {
                        Path socket = dir.resolve(TELEMETRY_SOCKET);
                        if (Files.exists(socket)) {
                            found.add(new DpdkProcess(dir.getFileName().toString(), dir, socket));
                        }
                    });
        } catch (IOException e) {
            // a directory vanishing while we list it is a process exiting; report what we saw
        }
        return found;
    }

    public static Optional<DpdkProcess> find(String filePrefix) {
        Path dir = runtimeDirectory(filePrefix);
        Path socket = dir.resolve(TELEMETRY_SOCKET);
        return Files.exists(socket) ? Optional.of(new DpdkProcess(filePrefix, dir, socket)) : Optional.empty();
    }
}
