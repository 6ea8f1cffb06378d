package dev.labdeck.controller.profile;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each value of a loaded profile was written, by a logical path such as
 * {@code traffic.rate_pps} or {@code hosts.dst.services[1].after[0]}. The validator works on the
 * model, so it asks this map to turn "which value" back into "which line and column"; the seed
 * form's reader records its own keys under the same logical paths.
 */
final class SourceMap {

    record Position(int line, int column) {}

    static final Position UNKNOWN = new Position(0, 0);

    private final Map<String, Position> positions = new HashMap<>();
    private final Map<String, String> labels = new HashMap<>();

    void put(String path, int line, int column) {
        positions.putIfAbsent(path, new Position(line, column));
    }

    /** The key as the user wrote it, when it differs from the model's path (the seed form's own keys). */
    void label(String path, String label) {
        labels.put(path, label);
    }

    /** How to name the value at {@code path} in a message: the user's own key, else the path. */
    String label(String path) {
        return labels.getOrDefault(path, path);
    }

    /** The position of {@code path}, or of its nearest recorded parent, or {@link #UNKNOWN}. */
    Position at(String path) {
        String p = path;
        while (p != null && !p.isEmpty()) {
            Position found = positions.get(p);
            if (found != null) {
                return found;
            }
            p = parent(p);
        }
        return positions.getOrDefault("", UNKNOWN);
    }

    static String parent(String path) {
        if (path.endsWith("]")) {
            return path.substring(0, path.lastIndexOf('['));
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String index(String path, int i) {
        return path + "[" + i + "]";
    }
}
