package dev.labdeck.controller.lab;

import java.nio.file.Path;

/**
 * Where labs keep their files: {@code ~/.labdeck/labs/<name>/} (keys, sshd configs, pid files,
 * logs, state.json) and the host keys in LabDeck's own {@code ~/.labdeck/known_hosts}.
 */
public record LabPaths(Path labdeckHome) {

    public static LabPaths ofUser() {
        return new LabPaths(Path.of(System.getProperty("user.home"), ".labdeck"));
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

    public Path knownHosts() {
        return labdeckHome.resolve("known_hosts");
    }
}
