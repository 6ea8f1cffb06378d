package dev.labdeck.controller.lab;

import dev.labdeck.controller.transport.CommandResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenSSH server of each lab host: its host key, its config (LabDeck's one
 * {@link SshdConfig}), started inside the host's namespace on the management address, and found
 * again by the files it names, for status and teardown.
 */
final class LabSshd {
    static final int PORT = 22;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final Iproute2 ip;
    private final LabFiles files;

    LabSshd(Iproute2 ip, LabFiles files) {
        this.ip = ip;
        this.files = files;
    }

    /**
     * Writes the host's key and config and starts its sshd in the namespace (sshd daemonizes);
     * the returned host has no pid yet: {@link #awaitListening} gives it.
     */
    LabHost start(String lab, String host, String namespace, String rootInterface, String managementInterface,
            String address, Path userKey) throws LabException {
        Path sshd = LabPreconditions.find("sshd").orElseThrow(() -> new LabException("'sshd' not found"));
        Path hostDir = files.createHostDir(lab, host);
        Path hostKey = hostDir.resolve("ssh_host_key");
        files.generateKey(hostKey, LabKnownHosts.tag(lab) + host);
        Path config = hostDir.resolve("sshd_config");
        Path pidFile = pidFile(config);
        LabFiles.writePrivate(config, new SshdConfig("sshd of lab-in-a-box host " + host + " (lab " + lab + ")",
                address, PORT, List.of(hostKey), pidFile, LabFiles.publicKey(userKey), "INFO").render());
        Path logFile = logFile(config);
        CommandResult r = ip.exec(namespace, List.of(sshd.toString(), "-f", config.toString(), "-E", logFile.toString()));
        if (!r.ok()) {
            throw new LabException("sshd did not start in " + namespace + " (exit " + r.exitCode() + "): "
                    + (r.stderr().strip() + " " + LabFiles.tail(logFile)).strip());
        }
        String publicKey = LabFiles.read(LabFiles.publicKey(hostKey)).strip();
        return new LabHost(host, namespace, rootInterface, managementInterface, address, PORT, -1, config.toString(), publicKey);
    }

    /** Waits until the sshd has written its pid file and accepts connections on its address; returns its pid. */
    long awaitListening(String lab, LabHost h) throws LabException {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            long pid = pid(h);
            if (pid > 0 && answers(h)) {
                return pid;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted while waiting for the sshd of host " + h.name(), e);
            }
        }
        throw new LabException("sshd of host " + h.name() + " (lab " + lab + ") is not listening on "
                + h.managementAddress() + ":" + h.sshPort() + " after " + READY_TIMEOUT.toSeconds() + " s: "
                + LabFiles.tail(logFile(Path.of(h.sshdConfig()))));
    }

    /** The pid in the host's sshd pid file, or -1. */
    static long pid(LabHost h) {
        Path pidFile = pidFile(Path.of(h.sshdConfig()));
        try {
            return Files.exists(pidFile) ? Long.parseLong(Files.readString(pidFile).strip()) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** True when the host's recorded sshd is alive (and, where the system says, is an sshd). */
    static boolean running(LabHost h) {
        long pid = pid(h);
        return pid > 0 && ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> p.info().command().map(c -> c.endsWith("sshd")).orElse(true)).orElse(false);
    }

    /** True when something accepts TCP connections on the host's SSH address. */
    static boolean answers(LabHost h) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(h.managementAddress(), h.sshPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * sshd processes whose command line names a file in the lab's directory, wherever they run.
     * Read from /proc directly: sshd rewrites its process title, which hides it from
     * {@code ProcessHandle.Info.commandLine()}.
     */
    List<Long> processes(String lab) {
        String dir = files.paths().labDir(lab).toString() + "/";
        List<Long> out = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            try {
                String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
                        StandardCharsets.UTF_8).replace('\0', ' ');
                if (cmdline.contains("sshd") && cmdline.contains(dir)) {
                    out.add(p.pid());
                }
            } catch (IOException | RuntimeException gone) {
                // the process ended while we looked, or is not ours to read
            }
        });
        return out;
    }

    private static Path pidFile(Path config) {
        return config.resolveSibling("sshd.pid");
    }

    private static Path logFile(Path config) {
        return config.resolveSibling("sshd.log");
    }
}
