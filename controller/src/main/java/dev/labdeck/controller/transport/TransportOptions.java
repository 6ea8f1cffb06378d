package dev.labdeck.controller.transport;

import dev.labdeck.controller.settings.UserDirs;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How transports behave, independent of any one host.
 *
 * @param acceptNewHostKeys accept and remember (in {@code labdeckKnownHosts}) SSH host keys not yet
 *                          known; a changed key is refused regardless. Either this or the profile's
 *                          {@code agent.accept_new_host_keys} turns it on.
 * @param labdeckHome       the LabDeck installation (repository) root: the agent jar and bundle are
 *                          found under {@code remote-agent/target/} there
 * @param userDir           LabDeck's per-user state directory ({@link UserDirs#state()}); local agents
 *                          keep their state under {@code agent/} there
 * @param userKnownHosts    the user's OpenSSH known_hosts, read only
 * @param labdeckKnownHosts LabDeck's own known_hosts, where accepted keys are appended
 * @param sshDir            where the default identities (id_ed25519, id_ecdsa, id_rsa) are looked for
 * @param sshAgentSocket    the ssh agent's socket ({@code SSH_AUTH_SOCK}), or null for none
 * @param remoteCacheDir    where bundles are unpacked on SSH hosts (relative paths: to the login's home)
 * @param remoteStateDir    where each agent start gets its own directory (token, ready file, logs)
 *                          on SSH hosts (relative paths: to the login's home)
 * @param connectTimeout    TCP connect, key exchange and authentication, each
 * @param commandTimeout    one remote command or upload step
 * @param stopGrace         how long a stopping agent may take to exit before it is killed
 */
public record TransportOptions(
        boolean acceptNewHostKeys,
        Path labdeckHome,
        Path userDir,
        Path userKnownHosts,
        Path labdeckKnownHosts,
        Path sshDir,
        Path sshAgentSocket,
        String remoteCacheDir,
        String remoteStateDir,
        Duration connectTimeout,
        Duration commandTimeout,
        Duration stopGrace) {

    public static final String DEFAULT_REMOTE_CACHE_DIR = ".cache/labdeck/agent";
    public static final String DEFAULT_REMOTE_STATE_DIR = ".labdeck/agent";

    /**
     * Defaults for this user: {@code labdeck.home} (set by the launcher, else the working
     * directory), the user's state directory and LabDeck's known_hosts ({@link UserDirs}: {@code
     * ~/.labdeck} for existing users), {@code ~/.ssh/known_hosts} and {@code SSH_AUTH_SOCK}.
     */
    public static TransportOptions defaults() {
        Path home = Path.of(System.getProperty("user.home"));
        Path labdeckHome = Path.of(System.getProperty("labdeck.home", "")).toAbsolutePath();
        UserDirs dirs = UserDirs.forThisUser();
        String sock = System.getenv("SSH_AUTH_SOCK");
        return new TransportOptions(
                false,
                labdeckHome,
                dirs.state(),
                home.resolve(".ssh").resolve("known_hosts"),
                dirs.knownHosts(),
                home.resolve(".ssh"),
                sock == null || sock.isBlank() ? null : Path.of(sock),
                DEFAULT_REMOTE_CACHE_DIR,
                DEFAULT_REMOTE_STATE_DIR,
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                Duration.ofSeconds(5));
    }

    public TransportOptions withAcceptNewHostKeys(boolean accept) {
        return new TransportOptions(accept, labdeckHome, userDir, userKnownHosts, labdeckKnownHosts, sshDir,
                sshAgentSocket, remoteCacheDir, remoteStateDir, connectTimeout, commandTimeout, stopGrace);
    }

    public TransportOptions withLabdeckHome(Path home) {
        return new TransportOptions(acceptNewHostKeys, home, userDir, userKnownHosts, labdeckKnownHosts, sshDir,
                sshAgentSocket, remoteCacheDir, remoteStateDir, connectTimeout, commandTimeout, stopGrace);
    }

    /** LabDeck's user directory and its known_hosts file both move to {@code dir}. */
    public TransportOptions withUserDir(Path dir) {
        return new TransportOptions(acceptNewHostKeys, labdeckHome, dir, userKnownHosts, dir.resolve("known_hosts"),
                sshDir, sshAgentSocket, remoteCacheDir, remoteStateDir, connectTimeout, commandTimeout, stopGrace);
    }

    public TransportOptions withKnownHosts(Path user, Path labdeck) {
        return new TransportOptions(acceptNewHostKeys, labdeckHome, userDir, user, labdeck, sshDir,
                sshAgentSocket, remoteCacheDir, remoteStateDir, connectTimeout, commandTimeout, stopGrace);
    }

    public TransportOptions withSshDir(Path dir) {
        return new TransportOptions(acceptNewHostKeys, labdeckHome, userDir, userKnownHosts, labdeckKnownHosts, dir,
                sshAgentSocket, remoteCacheDir, remoteStateDir, connectTimeout, commandTimeout, stopGrace);
    }

    public TransportOptions withSshAgentSocket(Path socket) {
        return new TransportOptions(acceptNewHostKeys, labdeckHome, userDir, userKnownHosts, labdeckKnownHosts, sshDir,
                socket, remoteCacheDir, remoteStateDir, connectTimeout, commandTimeout, stopGrace);
    }

    public TransportOptions withRemoteDirs(String cacheDir, String stateDir) {
        return new TransportOptions(acceptNewHostKeys, labdeckHome, userDir, userKnownHosts, labdeckKnownHosts, sshDir,
                sshAgentSocket, cacheDir, stateDir, connectTimeout, commandTimeout, stopGrace);
    }

    public TransportOptions withConnectTimeout(Duration timeout) {
        return new TransportOptions(acceptNewHostKeys, labdeckHome, userDir, userKnownHosts, labdeckKnownHosts, sshDir,
                sshAgentSocket, remoteCacheDir, remoteStateDir, timeout, commandTimeout, stopGrace);
    }

    /** The agent's fat jar in this installation. */
    public Path agentJar() {
        return labdeckHome.resolve("remote-agent").resolve("target").resolve("labdeck-agent.jar");
    }

    /** The agent bundle (runtime + jar + start script) for Linux x86-64 hosts. */
    public Path agentBundle() {
        return labdeckHome.resolve("remote-agent").resolve("target").resolve("labdeck-agent-bundle-linux-x64.tar.gz");
    }
}
