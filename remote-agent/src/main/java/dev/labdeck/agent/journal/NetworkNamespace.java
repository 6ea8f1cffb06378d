package dev.labdeck.agent.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The inode of this process's network namespace: XDP leftovers can only be removed from inside it. */
final class NetworkNamespace {
    private NetworkNamespace() {}

    static String current() {
        return of(Path.of("/proc/self/ns/net"));
    }

    /**
     * False only when the namespace {@code inode} is surely gone: no process is in it and no name
     * under {@code /run/netns} holds it (a lab-in-a-box host after {@code lab down}). Its interfaces,
     * and the XDP programs on them, went with it. True when in doubt: an unknown inode, or (unless
     * this agent is root) a process whose namespace it may not read.
     */
    static boolean exists(String inode) {
        return exists(inode, Path.of("/run/netns"), Path.of("/proc"));
    }

    static boolean exists(String inode, Path namedRoot, Path procRoot) {
        if (inode == null || !inode.matches("[0-9]+") || inode.equals(current())) return true;
        long ino = Long.parseLong(inode);
        boolean root = isRoot();
        for (Path named : list(namedRoot)) {
            try {
                if (((Number) Files.getAttribute(named, "unix:ino")).longValue() == ino) return true;
            } catch (IOException | RuntimeException e) {
                return true; // cannot tell
            }
        }
        for (Path proc : list(procRoot)) {
            if (!proc.getFileName().toString().chars().allMatch(Character::isDigit)) continue;
            String ns;
            try {
                ns = Files.readSymbolicLink(proc.resolve("ns/net")).toString().replaceAll("[^0-9]", "");
            } catch (java.nio.file.NoSuchFileException gone) {
                continue; // the process ended meanwhile
            } catch (java.nio.file.AccessDeniedException e) {
                // as root, a process we may not read is outside our user namespace (a container's
                // init): not in a namespace a lab of ours made; as anyone else, it may be in it
                if (root) continue;
                return true;
            } catch (IOException | RuntimeException e) {
                return true;
            }
            if (ns.equals(inode)) return true;
        }
        return false;
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String of(Path link) {
        try {
            return Files.readSymbolicLink(link).toString().replaceAll("[^0-9]", "");
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
