package dev.labdeck.controller.lab;

import dev.labdeck.controller.settings.UserDirs;
import java.nio.file.Path;

/**
 * Where labs keep their files: {@code labs/<name>/} in the user's state directory (keys, sshd
 * configs, pid files, logs, state.json), and the host keys in LabDeck's own known_hosts, the one
 * the SSH transport reads ({@link UserDirs}; both under {@code ~/.labdeck} for existing users).
 */
public record LabPaths(Path labdeckHome, Path knownHosts) {

    /** Labs and known_hosts both under {@code home} (tests). */
    public LabPaths(Path home) {
        this(home, home.resolve("known_hosts"));
    }

    public static LabPaths ofUser() {
        UserDirs dirs = UserDirs.forThisUser();
        return new LabPaths(dirs.state(), dirs.knownHosts());
    }

    public Path labsDir() {
        return labdeckHome.resolve("labs");
    }

    public Path labDir(String name) {
        return labsDir().resolve(name);
    }

    public Path stateFile(String name) {
        return labDir(name).resolve("state.json");
    }

    public Path userKey(String name) {
        return labDir(name).resolve("id_lab");
    }

    public Path hostDir(String name, String host) {
        return labDir(name).resolve(host);
    }
}
