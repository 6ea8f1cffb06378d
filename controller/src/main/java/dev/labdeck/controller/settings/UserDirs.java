package dev.labdeck.controller.settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where LabDeck keeps a user's files, in each platform's usual places:
 * <ul>
 *   <li>Linux (and other Unix): XDG — settings and known_hosts in {@code $XDG_CONFIG_HOME/labdeck}
 *       ({@code ~/.config/labdeck}), logs, labs and local agents' directories in
 *       {@code $XDG_STATE_HOME/labdeck} ({@code ~/.local/state/labdeck}), the desktop app's run
 *       history in {@code $XDG_DATA_HOME/labdeck} ({@code ~/.local/share/labdeck});</li>
 *   <li>macOS: all in {@code ~/Library/Application Support/LabDeck};</li>
 *   <li>Windows: settings in {@code %APPDATA%\LabDeck}, the rest in {@code %LOCALAPPDATA%\LabDeck}.</li>
 * </ul>
 * A user who already has {@code ~/.labdeck} (LabDeck before these places) keeps it for everything,
 * so no known host key, lab or setting goes missing.
 *
 * @param config settings, known_hosts, recent files
 * @param state  logs, labs-in-a-box, the agents of local hosts
 * @param data   the desktop app's run history
 */
public record UserDirs(Path config, Path state, Path data) {

    /** For the user running this JVM. */
    public static UserDirs forThisUser() {
        return of(System.getProperty("os.name", ""), Path.of(System.getProperty("user.home")), System.getenv());
    }

    /** For a system ({@code os.name}), a home directory and an environment. */
    public static UserDirs of(String osName, Path home, Map<String, String> env) {
        Path legacy = home.resolve(".labdeck");
        if (Files.isDirectory(legacy)) {
            return new UserDirs(legacy, legacy, legacy);
        }
        String os = osName.toLowerCase();
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            Path support = home.resolve("Library").resolve("Application Support").resolve("LabDeck");
            return new UserDirs(support, support, support);
        }
        if (os.startsWith("windows")) {
            Path roaming = dir(env, "APPDATA", home.resolve("AppData").resolve("Roaming")).resolve("LabDeck");
            Path local = dir(env, "LOCALAPPDATA", home.resolve("AppData").resolve("Local")).resolve("LabDeck");
            return new UserDirs(roaming, local, local);
        }
        return new UserDirs(
                dir(env, "XDG_CONFIG_HOME", home.resolve(".config")).resolve("labdeck"),
                dir(env, "XDG_STATE_HOME", home.resolve(".local").resolve("state")).resolve("labdeck"),
                dir(env, "XDG_DATA_HOME", home.resolve(".local").resolve("share")).resolve("labdeck"));
    }

    /** LabDeck's own known_hosts (host keys accepted with --accept-new-host-keys, the labs' keys). */
    public Path knownHosts() {
        return config.resolve("known_hosts");
    }

    /** The log of the CLI and the app ({@code labdeck.log}). */
    public Path log() {
        return state.resolve("labdeck.log");
    }

    /** XDG says: a relative or empty value is to be ignored. */
    private static Path dir(Map<String, String> env, String name, Path fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank() || !Path.of(v).isAbsolute()) {
            return fallback;
        }
        return Path.of(v);
    }
}
