package dev.labdeck.controller.engine;

import dev.labdeck.controller.results.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code services/<host>-<service>.log} in the run directory: the log lines the agents stream. */
final class ServiceLogFiles {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceLogFiles.class);

    private final Path dir;
    private final Map<String, Writer> open = new ConcurrentHashMap<>();

    ServiceLogFiles(Path runDirectory) {
        this.dir = runDirectory.resolve(RunDirectory.SERVICES);
    }

    void append(String host, String service, String line) {
        String key = RunDirectory.slug(host) + "-" + RunDirectory.slug(service);
        try {
            Writer w = open.computeIfAbsent(key, k -> {
                try {
                    Files.createDirectories(dir);
                    return Files.newBufferedWriter(dir.resolve(k + ".log"), StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
            synchronized (w) {
                w.write(line == null ? "" : line);
                w.write('\n');
            }
        } catch (IOException | UncheckedIOException ex) {
            LOG.debug("service log {}: {}", key, ex.getMessage());
        }
    }

    void flush() {
        open.forEach((key, w) -> {
            try {
                w.flush();
            } catch (IOException ex) {
                LOG.debug("service log {}: {}", key, ex.getMessage());
            }
        });
    }

    void close() {
        for (Writer w : open.values()) {
            try {
                w.close();
            } catch (IOException e) {
                LOG.debug("closing a service log: {}", e.getMessage());
            }
        }
    }
}
