package dev.labdeck.controller.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the machine needs before a lab can be built: Linux, root, iproute2, OpenSSH, ethtool. */
public final class LabPreconditions {

    private LabPreconditions() {}

    /** Reasons the lab cannot be built here, in words; empty when it can. */
    public static List<String> missing() {
        List<String> why = new ArrayList<>();
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            why.add("the lab-in-a-box needs Linux (network namespaces); this is " + System.getProperty("os.name"));
            return why;
        }
        if (!isRoot()) {
            why.add("the lab-in-a-box needs root (it creates network namespaces, a bridge and veth links); run as root, e.g. with sudo");
        }
        if (find("ip").isEmpty()) {
            why.add("'ip' not found: install iproute2 (apt install iproute2)");
        }
        if (find("sshd").isEmpty()) {
            why.add("'sshd' not found: install OpenSSH's server (apt install openssh-server)");
        }
        if (find("ssh-keygen").isEmpty()) {
            why.add("'ssh-keygen' not found: install OpenSSH's client (apt install openssh-client)");
        }
        if (find("ethtool").isEmpty()) {
            why.add("'ethtool' not found: install ethtool (apt install ethtool); the lab turns GRO on for its data link with it");
        }
        return why;
    }

    /** Throws with every missing thing listed. */
    public static void require() throws LabException {
        List<String> why = missing();
        if (!why.isEmpty()) {
            throw new LabException(String.join("; ", why));
        }
    }

    /** True when the effective user id is 0 (read from /proc, not from the user's name). */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return f.length > 1 && f[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
        return false;
    }

    /** Finds a tool on PATH or in the sbin directories, where iproute2 and sshd live. */
    public static Optional<Path> find(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/local/sbin:/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
