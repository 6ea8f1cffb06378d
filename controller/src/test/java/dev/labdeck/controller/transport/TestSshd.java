package dev.labdeck.controller.transport;

import dev.labdeck.controller.lab.SshdConfig;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.FreePort;
import dev.labdeck.testkit.Prerequisites;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OpenSSH server for one test: {@code /usr/sbin/sshd -D -e} on a free loopback port, with
 * its own generated host key and a generated user key authorised for the current user (root in
 * CI, hence {@code PermitRootLogin prohibit-password}). Killed, and its files removed, on close.
 */
final class TestSshd implements AutoCloseable {
    final Path dir;
    final Path hostKey;
    /** A second host key, so that host key type negotiation matters (MINA prefers ECDSA by default). */
    final Path ecdsaHostKey;
    final Path userKey;
    final int port;
    final String user = System.getProperty("user.name");
    private final Process sshd;

    private TestSshd(Path dir, Path hostKey, Path ecdsaHostKey, Path userKey, int port, Process sshd) {
        this.dir = dir;
        this.hostKey = hostKey;
        this.ecdsaHostKey = ecdsaHostKey;
        this.userKey = userKey;
        this.port = port;
        this.sshd = sshd;
    }

    static void requirePrerequisites() {
        Prerequisites.requireLinux();
        Prerequisites.require(Files.isExecutable(Path.of("/usr/sbin/sshd")), "/usr/sbin/sshd not installed (Debian package openssh-server)");
        Prerequisites.requireCommand("ssh-keygen", "openssh-client");
        Prerequisites.requireRoot();
    }

    static TestSshd start() throws Exception {
        requirePrerequisites();
        Path dir = Files.createTempDirectory("labdeck-sshd-");
        try {
            Path hostKey = keygen(dir.resolve("ssh_host_ed25519_key"), "test-host");
            Path ecdsaHostKey = dir.resolve("ssh_host_ecdsa_key");
            run(List.of("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "test-host", "-f", ecdsaHostKey.toString()));
            Path userKey = keygen(dir.resolve("id_ed25519"), "test-user");
            Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
            // sshd refuses to start without its privilege separation directory.
            Files.createDirectories(Path.of("/run/sshd"));
            IOException last = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                int port = FreePort.onLoopback();
                Path config = dir.resolve("sshd_config");
                Files.writeString(config, new SshdConfig("sshd of a LabDeck test", "127.0.0.1", port,
                        List.of(hostKey, ecdsaHostKey), dir.resolve("sshd.pid"), dir.resolve("authorized_keys"), "ERROR").render());
                Process p = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("sshd.log").toFile())
                        .start();
                if (awaitListening(p, port)) {
                    return new TestSshd(dir, hostKey, ecdsaHostKey, userKey, port, p);
                }
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                last = new IOException("sshd did not listen on port " + port + ": " + Files.readString(dir.resolve("sshd.log")));
            }
            throw last;
        } catch (Exception e) {
            deleteTree(dir);
            throw e;
        }
    }

    /** The host's ed25519 public key line, as in its .pub file. */
    String hostPublicKey() throws IOException {
        return Files.readString(Path.of(hostKey + ".pub"), StandardCharsets.US_ASCII).strip();
    }

    /** A known_hosts line for this server's ed25519 key, in OpenSSH's {@code [127.0.0.1]:port} form. */
    String knownHostsLine() throws IOException {
        return knownHostsLine(hostKey);
    }

    String knownHostsLine(Path key) throws IOException {
        String[] parts = Files.readString(Path.of(key + ".pub"), StandardCharsets.US_ASCII).strip().split(" ");
        return "[127.0.0.1]:" + port + " " + parts[0] + " " + parts[1];
    }

    /** {@code ssh-keygen -l -E sha256} of a public key file: what a user compares. */
    static String fingerprintOf(Path publicKeyFile) throws Exception {
        String out = run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", publicKeyFile.toString()));
        return out.split(" ")[1];
    }

    static Path keygen(Path file, String comment) throws Exception {
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file.toString()));
        return file;
    }

    static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /** True once sshd accepts connections on the port; false when it exited first (the port was taken). */
    private static boolean awaitListening(Process p, int port) {
        Eventually.await("sshd to listen on 127.0.0.1:" + port, Duration.ofSeconds(10), () -> !p.isAlive() || answers(port));
        return p.isAlive();
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        sshd.destroy();
        if (!sshd.waitFor(5, TimeUnit.SECONDS)) {
            sshd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        deleteTree(dir);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
