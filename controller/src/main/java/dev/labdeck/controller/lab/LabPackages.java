package dev.labdeck.controller.lab;

import dev.labdeck.controller.transport.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Debian/Ubuntu packages the lab-in-a-box needs, and installing them with apt-get (root
 * only) for {@code labdeck demo} on a fresh machine. The launcher's TEST_PACKAGES holds the same
 * names, so {@code ./labdeck test} installs them too.
 */
public final class LabPackages {
    /** sshd, ssh-keygen, ip, ethtool: what {@link LabPreconditions} looks for. */
    public static final List<String> PACKAGES = List.of("openssh-server", "openssh-client", "iproute2", "ethtool");

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    private LabPackages() {}

    /** True on a Debian-like system with apt-get and dpkg-query. */
    public static boolean aptSystem() {
        return Files.exists(Path.of("/etc/debian_version")) && LabPreconditions.find("apt-get").isPresent()
                && LabPreconditions.find("dpkg-query").isPresent();
    }

    /** The packages of {@link #PACKAGES} that dpkg does not have installed. */
    public static List<String> missing() throws LabException {
        List<String> missing = new ArrayList<>();
        CommandRunner cmd = new CommandRunner();
        for (String p : PACKAGES) {
            CommandResult r = cmd.run(List.of("dpkg-query", "-W", "-f=${Status}", p));
            if (!r.ok() || !r.stdout().contains("install ok installed")) {
                missing.add(p);
            }
        }
        return missing;
    }

    /**
     * {@code apt-get update} and {@code apt-get install -y --no-install-recommends PACKAGES},
     * non-interactive; the error carries apt-get's last words.
     */
    public static void install(List<String> packages) throws LabException {
        if (!LabPreconditions.isRoot()) {
            throw new LabException("installing " + String.join(" ", packages) + " needs root");
        }
        CommandRunner cmd = new CommandRunner();
        Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
        // a stale package index makes install fail on a fresh machine; an update failure (offline) is not fatal
        cmd.run(List.of("apt-get", "update", "-qq"), INSTALL_TIMEOUT, env);
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends"));
        install.addAll(packages);
        CommandResult r = cmd.run(install, INSTALL_TIMEOUT, env);
        if (!r.ok()) {
            List<String> lines = (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip().lines().toList();
            throw new LabException("'" + String.join(" ", install) + "' failed (exit " + r.exitCode() + "): "
                    + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
        }
    }
}
