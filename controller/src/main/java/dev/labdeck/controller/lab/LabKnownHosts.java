package dev.labdeck.controller.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab's lines in LabDeck's {@code known_hosts}. Each line ends with the comment
 * {@code labdeck-lab:<name>/<host>} (the host key's comment), so {@code lab down} removes exactly
 * the lab's lines, even after a crash that lost state.json. The file is rewritten through a
 * temporary file and a rename, so a reader never sees half of it.
 */
final class LabKnownHosts {
    private final Path file;

    LabKnownHosts(Path file) {
        this.file = file;
    }

    static String tag(String lab) {
        return "labdeck-lab:" + lab + "/";
    }

    static String hostPattern(String address, int port) {
        return port == 22 ? address : "[" + address + "]:" + port;
    }

    /**
     * Adds the hosts' keys, first dropping the lab's old lines and any line for the same
     * address: an address reused by a rebuilt lab has a new key, and a stale line would make
     * every SSH connection refuse it as a changed key.
     */
    void add(String lab, List<LabHost> hosts) throws IOException {
        List<String> patterns = hosts.stream().map(h -> hostPattern(h.managementAddress(), h.sshPort())).toList();
        List<String> kept = new ArrayList<>();
        for (String line : read()) {
            String first = line.strip().split("\\s+", 2)[0];
            if (line.contains(tag(lab)) || patterns.contains(first)) {
                continue;
            }
            kept.add(line);
        }
        for (LabHost h : hosts) {
            kept.add(hostPattern(h.managementAddress(), h.sshPort()) + " " + h.hostKey().strip());
        }
        write(kept);
    }

    /** Removes the lab's lines; returns how many were removed. */
    int remove(String lab) throws IOException {
        List<String> lines = read();
        List<String> kept = lines.stream().filter(l -> !l.contains(tag(lab))).toList();
        if (kept.size() != lines.size()) {
            write(kept);
        }
        return lines.size() - kept.size();
    }

    List<String> linesOf(String lab) throws IOException {
        return read().stream().filter(l -> l.contains(tag(lab))).toList();
    }

    private List<String> read() throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private void write(List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
