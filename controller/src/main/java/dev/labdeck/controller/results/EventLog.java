package dev.labdeck.controller.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labdeck.protocol.ProtocolJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** events.jsonl: one JSON object per line, appended and flushed as each event happens. */
public final class EventLog implements AutoCloseable {
    public static final String FILE = "events.jsonl";

    private final BufferedWriter out;

    public EventLog(Path dir) throws IOException {
        out = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    public synchronized void append(EventLine line) throws IOException {
        out.write(mapper().writeValueAsString(line));
        out.write('\n');
        out.flush();
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every complete line of a run's event log; a torn last line (a crash) is skipped. */
    public static List<EventLine> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        List<EventLine> lines = new ArrayList<>();
        if (!Files.exists(file)) {
            return lines;
        }
        for (String s : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (s.isBlank()) {
                continue;
            }
            try {
                lines.add(mapper().readValue(s, EventLine.class));
            } catch (IOException torn) {
                // only the last line can be half-written, and only after a crash; keep the rest
            }
        }
        return lines;
    }

    private static ObjectMapper mapper() {
        return ProtocolJson.mapper();
    }
}
