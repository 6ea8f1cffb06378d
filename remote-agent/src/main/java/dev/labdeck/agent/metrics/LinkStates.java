package dev.labdeck.agent.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The operational state of every interface of the agent's network namespace
 * ({@code /sys/class/net/IF/operstate}), checked on each sample tick: a data link going down or
 * coming back is an event the run records, not a silent stretch of lost packets.
 */
final class LinkStates {
    /** Receives one change: interface, state before, state now. */
    interface Listener {
        void changed(String interfaceName, String before, String now);
    }

    private final Path sysClassNet;
    private final Map<String, String> last = new HashMap<>();
    private boolean first = true;

    LinkStates(Path sysClassNet) {
        this.sysClassNet = sysClassNet;
    }

    /** Reads every interface's state and tells {@code listener} what changed since the last call. */
    synchronized void check(Listener listener) {
        Map<String, String> now = read();
        if (!first) {
            now.forEach((name, state) -> {
                String before = last.get(name);
                if (before != null && !before.equals(state)) listener.changed(name, before, state);
            });
        }
        first = false;
        last.clear();
        last.putAll(now);
    }

    private Map<String, String> read() {
        Map<String, String> states = new HashMap<>();
        if (!Files.isDirectory(sysClassNet)) return states;
        try (Stream<Path> links = Files.list(sysClassNet)) {
            for (Path link : links.toList()) {
                String name = link.getFileName().toString();
                if (name.equals("lo")) continue;
                try {
                    states.put(name, Files.readString(link.resolve("operstate")).strip());
                } catch (IOException e) {
                    // the interface went away between listing and reading
                }
            }
        } catch (IOException e) {
            // no /sys here: nothing to watch
        }
        return states;
    }

    static boolean isUp(String state) {
        return state.equals("up") || state.equals("unknown");
    }
}
