package dev.labdeck.controller.transport;

import java.util.ArrayList;
import java.util.List;

/**
 * What a cleanup on a host removed of what dead agents left (XDP programs, service processes,
 * runtime directories, tokens), and what it could not remove; one line per thing, for people.
 */
public record LeftoverReport(String host, List<String> removed, List<String> left) {

    public static LeftoverReport none(String host) {
        return new LeftoverReport(host, List.of(), List.of());
    }

    public boolean isEmpty() {
        return removed.isEmpty() && left.isEmpty();
    }

    /** Reads the agent's {@code --cleanup} output: lines "removed: ..." and "left: ...". */
    static LeftoverReport parse(String host, String output) {
        List<String> removed = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("removed: ")) removed.add(line.substring("removed: ".length()).strip());
            else if (line.startsWith("left: ")) left.add(line.substring("left: ".length()).strip());
        }
        return new LeftoverReport(host, List.copyOf(removed), List.copyOf(left));
    }
}
