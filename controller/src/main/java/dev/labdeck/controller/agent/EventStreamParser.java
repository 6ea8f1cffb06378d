package dev.labdeck.controller.agent;

import java.util.function.BiConsumer;

/**
 * The server-sent events line format: {@code event:} names the entry, {@code data:} lines are
 * joined with newlines, a blank line dispatches, lines starting with {@code :} are comments
 * (keep-alives). Only what LabDeck's agent sends is needed, but the rules follow the standard.
 */
final class EventStreamParser {
    private final BiConsumer<String, String> sink;
    private String event = "message";
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;

    EventStreamParser(BiConsumer<String, String> sink) {
        this.sink = sink;
    }

    void line(String line) {
        if (line.isEmpty()) {
            if (hasData) {
                sink.accept(event, data.toString());
            }
            event = "message";
            data.setLength(0);
            hasData = false;
            return;
        }
        if (line.startsWith(":")) {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> event = value;
            case "data" -> {
                if (hasData) data.append('\n');
                data.append(value);
                hasData = true;
            }
            default -> { } // id and retry do not matter to a run that never reconnects
        }
    }
}
