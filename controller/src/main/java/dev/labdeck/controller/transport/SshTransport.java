package dev.labdeck.controller.transport;

import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.protocol.AgentCommandLine;
import dev.labdeck.protocol.AgentInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.forward.ExplicitPortForwardingTracker;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.SessionHeartbeatController;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lab host reached over SSH (Apache MINA SSHD). Connecting authenticates with the profile's key
 * file, the user's default keys or the ssh agent, after checking the host key against known_hosts.
 * Starting the agent uploads the agent bundle into a directory named by its SHA-256 (skipped when
 * already there), starts it detached with a fresh 0600 token, waits for its ready file and reaches
 * it through a local port forward.
 */
public final class SshTransport implements HostTransport {
    private static final Logger LOG = LoggerFactory.getLogger(SshTransport.class);
    static final String COMPLETE_MARKER = ".labdeck-complete";
    static final int UNUSED_BUNDLE_DAYS = 7;
    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    private final HostSpec spec;
    private final TransportOptions options;
    private final SshClient client;
    private volatile ClientSession session;
    private final String login;
    private final String home;
    private final String os;
    private final HostShell shell;
    private final String arch;
    private String acceptedHostKey;
    private String user;
    private int port;
    private List<KeyPair> keys = List.of();
    private SshdSocketAddress forwardTarget;

    private ExplicitPortForwardingTracker forward;
    private AgentEndpoint endpoint;
    private long agentPid = -1;
    private String agentDir;
    private AgentDeployment deployment;
    private Path keepLogsIn;
    private LeftoverReport lastLeftovers;

    private SshTransport(HostSpec spec, TransportOptions options, SshClient client, ClientSession session,
            String login, String home, String os, String arch, HostShell shell) {
        this.spec = spec;
        this.options = options;
        this.client = client;
        this.session = session;
        this.login = login;
        this.home = home;
        this.os = os;
        this.shell = shell;
        this.arch = arch;
    }

    /** Connects, verifies the host key and authenticates; the message of a failure says what to do. */
    static SshTransport connect(HostSpec spec, TransportOptions options) throws TransportException {
        String name = spec.name();
        int port = spec.sshPort() > 0 ? spec.sshPort() : 22;
        String user = spec.user() != null && !spec.user().isBlank() ? spec.user() : System.getProperty("user.name");
        String login = user + "@" + spec.address() + (port == 22 ? "" : ":" + port);
        List<String> tried = new ArrayList<>();
        List<KeyPair> keys = identities(spec, options, tried);
        boolean agent = options.sshAgentSocket() != null && Files.exists(options.sshAgentSocket());
        if (agent) {
            tried.add("the ssh agent at " + options.sshAgentSocket());
        }
        if (keys.isEmpty() && !agent) {
            throw new TransportException(name, "no SSH key to log in as " + login + ": " + String.join("; ", tried)
                    + (tried.isEmpty() ? "" : "; ") + "set the host's key: in the profile, or start ssh-agent and ssh-add your key");
        }

        HostKeyVerifier verifier = new HostKeyVerifier(name, spec.address(), port,
                options.userKnownHosts(), options.labdeckKnownHosts(), options.acceptNewHostKeys());
        SshClient client = SshClient.setUpDefaultClient();
        // Only what LabDeck is told: no ~/.ssh/config host rewriting, no identities picked up behind our back.
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setServerKeyVerifier(verifier);
        client.setSignatureFactories(preferKnownHostKeyTypes(client.getSignatureFactories(),
                KnownHosts.load(List.of(options.userKnownHosts(), options.labdeckKnownHosts())).knownKeyTypes(spec.address(), port)));
        client.setSessionHeartbeat(SessionHeartbeatController.HeartbeatType.IGNORE, Duration.ofSeconds(15));
        if (agent) {
            client.setAgentFactory(new UnixSocketSshAgentFactory(options.sshAgentSocket()));
        }
        client.start();
        ClientSession session = null;
        try {
            session = openSession(spec, options, client, verifier, user, port, keys, tried);
            // POSIX sh first (Linux, macOS); a host where sh cannot run is asked through PowerShell (Windows)
            SshTransport transport = new SshTransport(spec, options, client, session, login, null, null, null, new PosixShell());
            CommandResult probe = transport.execute(new PosixShell().probe(), "probe.sh", null, options.commandTimeout());
            String[] lines = probe.stdout().strip().split("\r?\n");
            if (!probe.ok() || lines.length < 3) {
                CommandResult windows = transport.execute(new WindowsShell().probe(), "probe.ps1", null, options.commandTimeout());
                String[] w = windows.stdout().strip().split("\r?\n");
                if (!windows.ok() || w.length < 3) {
                    throw new TransportException(name, "cannot run commands as " + login + ": neither sh nor PowerShell answered ("
                            + (probe.stderr().strip() + " " + windows.stderr().strip()).strip() + ")");
                }
                lines = w;
            }
            HostShell shell = HostShell.forSystem(lines[1].strip());
            LOG.info("{}: connected as {} ({} {}, home {}, {})", name, login, lines[1], lines[2], lines[0],
                    shell.getClass().getSimpleName());
            SshTransport connected = new SshTransport(spec, options, client, session, login, lines[0].strip(), lines[1].strip(),
                    lines[2].strip(), shell);
            connected.acceptedHostKey = verifier.accepted();
            connected.user = user;
            connected.port = port;
            connected.keys = List.copyOf(keys);
            return connected;
        } catch (TransportException | RuntimeException e) {
            if (session != null) {
                session.close(true);
            }
            client.stop();
            throw e;
        }
    }

    /** Connects and authenticates one SSH session (the client checks the host key); closes it on failure. */
    private static ClientSession openSession(HostSpec spec, TransportOptions options, SshClient client, HostKeyVerifier verifier,
            String user, int port, List<KeyPair> keys, List<String> tried) throws TransportException {
        String name = spec.name();
        String login = user + "@" + spec.address() + (port == 22 ? "" : ":" + port);
        ClientSession session;
        try {
            session = client.connect(user, spec.address(), port).verify(options.connectTimeout()).getClientSession();
        } catch (IOException e) {
            throw new TransportException(name, "cannot connect to " + spec.address() + " port " + port + ": "
                    + rootMessage(e) + " (is sshd running there and the address right?)", e);
        }
        for (KeyPair kp : keys) {
            session.addPublicKeyIdentity(kp);
        }
        try {
            session.auth().verify(options.connectTimeout());
            return session;
        } catch (IOException e) {
            session.close(true);
            if (verifier != null && verifier.refusal() != null) {
                throw new TransportException(name, verifier.refusal());
            }
            throw new TransportException(name, "SSH login as " + login + " failed (" + rootMessage(e) + "); tried "
                    + String.join(", ", tried) + ". Is the public key in ~" + user + "/.ssh/authorized_keys on the host?", e);
        }
    }

    @Override
    public boolean sessionLost() {
        return !session.isOpen();
    }

    /**
     * Opens a new SSH session when the last one dropped (sshd restarted, its session process
     * killed, a network blip) and reopens the agent's port forward on the same local port, so the
     * agent, which kept running, is reached at the same address as before.
     */
    @Override
    public synchronized void reconnect() throws TransportException {
        if (session.isOpen()) {
            return;
        }
        ClientSession fresh = openSession(spec, options, client, null, user, port, keys, new ArrayList<>());
        ClientSession old = session;
        session = fresh;
        old.close(true);
        if (forward != null && forwardTarget != null) {
            int localPort = forward.getBoundAddress().getPort();
            try {
                forward.close();
            } catch (IOException e) {
                LOG.debug("{}: closing the dropped port forward: {}", spec.name(), e.toString());
            }
            try {
                forward = fresh.createLocalPortForwardingTracker(new SshdSocketAddress("127.0.0.1", localPort), forwardTarget);
            } catch (IOException e) {
                forward = null;
                throw new TransportException(spec.name(), "reconnected, but cannot reopen the port forward to the agent on local port "
                        + localPort + ": " + rootMessage(e), e);
            }
        }
        LOG.info("{}: SSH session to {} reopened", spec.name(), login);
    }

    /**
     * Asks first for the host key types already known for the host, as OpenSSH does; otherwise a
     * host known by its ECDSA key but also holding an ed25519 key would look unknown.
     */
    static List<NamedFactory<Signature>> preferKnownHostKeyTypes(List<NamedFactory<Signature>> factories, Set<String> knownTypes) {
        Set<String> preferred = new java.util.HashSet<>();
        for (String type : knownTypes) {
            preferred.add(type);
            if (type.equals("ssh-rsa")) {
                preferred.addAll(List.of("rsa-sha2-512", "rsa-sha2-256"));
            }
        }
        List<NamedFactory<Signature>> ordered = new ArrayList<>();
        factories.stream().filter(f -> preferred.contains(f.getName())).forEach(ordered::add);
        factories.stream().filter(f -> !preferred.contains(f.getName())).forEach(ordered::add);
        return ordered;
    }

    private static List<KeyPair> identities(HostSpec spec, TransportOptions options, List<String> tried) throws TransportException {
        List<Path> files = new ArrayList<>();
        if (spec.key() != null && !spec.key().isBlank()) {
            Path key = expandHome(spec.key());
            if (!Files.isReadable(key)) {
                throw new TransportException(spec.name(), "the SSH key file " + key + " (key: in the profile) cannot be read");
            }
            String notAKey = notAKeyFile(key);
            if (notAKey != null) {
                throw new TransportException(spec.name(), "the SSH key file " + key + " (key: in the profile) " + notAKey
                        + "; name a private key file such as ~/.ssh/id_ed25519");
            }
            files.add(key);
        } else {
            for (String k : DEFAULT_KEYS) {
                Path p = options.sshDir().resolve(k);
                if (Files.isReadable(p)) {
                    files.add(p);
                }
            }
        }
        List<KeyPair> keys = new ArrayList<>();
        boolean explicit = spec.key() != null && !spec.key().isBlank();
        for (Path file : files) {
            if (!explicit && notAKeyFile(file) != null) {
                tried.add("key " + file + " (" + notAKeyFile(file) + ")");
                continue;
            }
            try (InputStream in = Files.newInputStream(file)) {
                Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(
                        null, NamedResource.ofName(file.toString()), in, FilePasswordProvider.EMPTY);
                int before = keys.size();
                if (loaded != null) {
                    loaded.forEach(keys::add);
                }
                if (explicit && keys.size() == before) {
                    throw new TransportException(spec.name(), "the SSH key file " + file + " (key: in the profile) holds no"
                            + " private key LabDeck can read (an OpenSSH or PEM private key is expected, not a public key)");
                }
                tried.add("key " + file + (keys.size() == before ? " (no key in it)" : ""));
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                // Typically a passphrase: LabDeck never prompts; the ssh agent is the way for such keys.
                LOG.debug("cannot load {}", file, e);
                tried.add("key " + file + " (unusable: " + rootMessage(e) + "; if it has a passphrase, ssh-add it to your ssh agent)");
            }
        }
        return keys;
    }

    /** Larger than any private key file (an 16384-bit RSA key in PEM is about 13 KB). */
    static final long MAX_KEY_FILE_BYTES = 64 * 1024;

    /** Why {@code file} cannot be a private key file (a device, a directory, too large), or null. */
    static String notAKeyFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return "is not a regular file";
        }
        try {
            long size = Files.size(file);
            if (size == 0) {
                return "is empty";
            }
            if (size > MAX_KEY_FILE_BYTES) {
                return "is " + size + " bytes, too large for a private key";
            }
            return null;
        } catch (IOException e) {
            return "cannot be read (" + e.getMessage() + ")";
        }
    }

    private static Path expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + path.substring(1));
        }
        return Path.of(path);
    }

    @Override
    public String hostName() {
        return spec.name();
    }

    @Override
    public Optional<String> acceptedHostKey() {
        return Optional.ofNullable(acceptedHostKey);
    }

    /** The agent's pid on the host while it runs. */
    public synchronized OptionalLong agentPid() {
        return agentPid > 0 ? OptionalLong.of(agentPid) : OptionalLong.empty();
    }

    /** Where the last start put the agent, and whether it had to upload it. */
    public synchronized Optional<AgentDeployment> deployment() {
        return Optional.ofNullable(deployment);
    }

    /** The running agent's directory on the host (token, ready file, console.log, its state). */
    public synchronized Optional<String> agentDirectory() {
        return Optional.ofNullable(agentDir);
    }

    @Override
    public synchronized AgentEndpoint startAgent(AgentLaunch launch) throws TransportException {
        if (endpoint != null) {
            throw new TransportException(spec.name(), "an agent is already running (pid " + agentPid + ")");
        }
        Instant deadline = Instant.now().plus(launch.startTimeout());
        deployment = deploy();
        String launchId = ((launch.runId() == null || launch.runId().isBlank() ? "adhoc" : launch.runId())
                + "-" + spec.name() + "-" + AgentToken.shortId()).replaceAll("[^A-Za-z0-9._-]", "_");
        agentDir = remotePath(options.remoteStateDir()) + "/" + launchId;
        String token = AgentToken.generate();
        try {
            CommandResult tokenWrite = execute(shell.agentDir(agentDir), "agent-dir " + agentDir,
                    (token + "\n").getBytes(StandardCharsets.US_ASCII), options.commandTimeout());
            if (!tokenWrite.ok()) {
                throw new TransportException(spec.name(), "cannot write the agent token in " + agentDir + ": " + tokenWrite.stderr().strip());
            }
            AgentReady ready = launch(launch, deadline);
            agentPid = ready.pid();
            String bind = launch.bind() == null || launch.bind().isBlank() ? "127.0.0.1" : launch.bind();
            String target = LocalTransport.connectAddress(bind).replace("[", "").replace("]", "");
            try {
                forwardTarget = new SshdSocketAddress(target, ready.port());
                forward = session.createLocalPortForwardingTracker(new SshdSocketAddress("127.0.0.1", 0), forwardTarget);
            } catch (IOException e) {
                throw new TransportException(spec.name(), "cannot open an SSH port forward to " + target + ":" + ready.port()
                        + " on the host (is AllowTcpForwarding disabled in its sshd_config?): " + rootMessage(e), e);
            }
            URI base = URI.create("http://127.0.0.1:" + forward.getBoundAddress().getPort());
            AgentInfo info = AgentHandshake.awaitInfo(spec.name(), base, token, deadline);
            LOG.info("{}: agent {} (pid {}) on {}:{} reached at {}", spec.name(), info.agentVersion(), agentPid, target, ready.port(), base);
            endpoint = new AgentEndpoint(spec.name(), base, token);
            return endpoint;
        } catch (TransportException | RuntimeException e) {
            stopAgent();
            throw e;
        }
    }

    /** Uploads and unpacks the bundle (or jar) unless the host already has it; returns where it is. */
    private AgentDeployment deploy() throws TransportException {
        AgentArtifact artifact = chooseArtifact();
        String cache = remotePath(options.remoteCacheDir());
        String dir = cache + "/" + artifact.sha256();
        CommandResult present = execute(shell.bundleLookup(cache, dir, COMPLETE_MARKER, UNUSED_BUNDLE_DAYS), "bundle-lookup " + dir,
                null, options.commandTimeout());
        if (present.stdout().contains("present")) {
            LOG.info("{}: agent {} already on the host in {}", spec.name(), shortSha(artifact), dir);
            return new AgentDeployment(dir, artifact.sha256(), artifact.kind() == AgentArtifact.Kind.BUNDLE, false, artifact.size());
        }
        String suffix = AgentToken.shortId();
        String upload = dir + ".upload-" + suffix;
        String staging = dir + ".tmp-" + suffix;
        CommandResult mkdir = execute(shell.mkdir(cache), "mkdir " + cache, null, options.commandTimeout());
        if (!mkdir.ok()) {
            throw new TransportException(spec.name(), "cannot create " + cache + " on the host: " + mkdir.stderr().strip());
        }
        LOG.info("{}: uploading {} ({} bytes, sha256 {}) to {}", spec.name(), artifact.file().getFileName(), artifact.size(), shortSha(artifact), dir);
        long started = System.nanoTime();
        sftpPut(artifact.file(), upload);
        LOG.info("{}: uploaded {} bytes in {} ms", spec.name(), artifact.size(), (System.nanoTime() - started) / 1_000_000);
        String kind = artifact.kind() == AgentArtifact.Kind.BUNDLE ? "bundle" : "jar";
        CommandResult unpacked = execute(shell.bundleUnpack(kind, upload, staging, dir, COMPLETE_MARKER), "bundle-unpack " + dir, null,
                options.commandTimeout());
        if (!unpacked.ok()) {
            execute(shell.remove(List.of(upload, staging)), "remove " + upload, null, options.commandTimeout());
            throw new TransportException(spec.name(), "cannot unpack the agent in " + dir + ": " + unpacked.stderr().strip());
        }
        return new AgentDeployment(dir, artifact.sha256(), artifact.kind() == AgentArtifact.Kind.BUNDLE, true, artifact.size());
    }

    private AgentArtifact chooseArtifact() throws TransportException {
        try {
            if (spec.java() != null && !spec.java().isBlank()) {
                if (!Files.isRegularFile(options.agentJar())) {
                    throw new TransportException(spec.name(), "the agent jar " + options.agentJar() + " is missing; build LabDeck first");
                }
                return AgentArtifact.of(AgentArtifact.Kind.JAR, options.agentJar());
            }
            if (!"Linux".equals(os) || !("x86_64".equals(arch) || "amd64".equals(arch))) {
                throw new TransportException(spec.name(), "the host runs " + os + " " + arch
                        + " but the agent bundle's runtime is for Linux x86-64; install Java 25 there and set java: to its path in the profile");
            }
            if (!Files.isRegularFile(options.agentBundle())) {
                throw new TransportException(spec.name(), "the agent bundle " + options.agentBundle()
                        + " is missing; it is built by ./mvnw package on Linux x86-64 (or set java: for this host to use its own Java 25)");
            }
            return AgentArtifact.of(AgentArtifact.Kind.BUNDLE, options.agentBundle());
        } catch (IOException e) {
            throw new TransportException(spec.name(), "cannot read the agent to upload: " + e.getMessage(), e);
        }
    }

    /** Starts the agent detached and waits on the host for its ready file, in one round trip. */
    private AgentReady launch(AgentLaunch launch, Instant deadline) throws TransportException {
        List<String> command = new ArrayList<>(shell.agentProgram(deployment.remoteDir(), deployment.bundled(), spec.java()));
        command.addAll(AgentCommandLine.launch(Math.max(0, launch.port()), launch.bind(), agentDir + "/token", agentDir + "/ready.json",
                agentDir, launch.heartbeatTimeout().toMillis(), launch.runId()).withLogLevel(AgentLogs.agentLogLevel()).arguments());
        long waitTenths = Math.max(10, Duration.between(Instant.now(), deadline).toMillis() / 100);
        LOG.info("{}: starting agent: {}", spec.name(), ShellQuote.join(command));
        CommandResult started = execute(shell.agentStart(agentDir, waitTenths, command), "agent-start " + agentDir, null,
                Duration.ofMillis(waitTenths * 100 + 10_000));
        if (!started.ok()) {
            String why = started.stderr().strip();
            if (why.isEmpty()) {
                why = session.isOpen()
                        ? "the start script ended with status " + started.exitCode() + " and said nothing"
                        : "the SSH session to " + login + " ended while the agent was starting (sshd stopped, or the host went away)";
            }
            throw new TransportException(spec.name(), "the agent did not start (" + agentDir + "): " + why);
        }
        try {
            return AgentReady.parse(started.stdout());
        } catch (IOException e) {
            throw new TransportException(spec.name(), "unreadable ready file in " + agentDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void keepAgentLogsIn(Path directory) {
        this.keepLogsIn = directory;
    }

    @Override
    public synchronized LeftoverReport lastLeftovers() {
        return lastLeftovers == null ? LeftoverReport.none(spec.name()) : lastLeftovers;
    }

    @Override
    public synchronized void stopAgent() {
        boolean orderly = endpoint != null && AgentHandshake.shutdown(spec.name(), endpoint.baseUri(), endpoint.token());
        if (agentPid > 0 && session.isOpen()) {
            long graceTenths = Math.max(1, options.stopGrace().toMillis() / 100);
            try {
                CommandResult r = execute(shell.agentStop(agentPid, graceTenths, agentDir + "/token"), "agent-stop " + agentPid, null,
                        options.stopGrace().plus(Duration.ofSeconds(15)));
                if (!r.stdout().isBlank()) {
                    orderly = false;
                    LOG.warn("{}: agent pid {} did not exit after shutdown: {}", spec.name(), agentPid, r.stdout().strip().replace('\n', ' '));
                }
            } catch (TransportException e) {
                orderly = false;
                LOG.warn("{}: cannot check that agent pid {} stopped: {}", spec.name(), agentPid, e.getMessage());
            }
        }
        if (agentDir != null && session.isOpen()) {
            if (keepLogsIn != null && agentPid > 0) {
                keepLogs();
            }
            if (!orderly && agentPid > 0) {
                // killed, frozen or gone before we asked: its XDP programs and services may still be there
                try {
                    lastLeftovers = removeLeftovers();
                } catch (TransportException e) {
                    LOG.warn("{}: cannot remove what the agent left: {}", spec.name(), e.getMessage());
                }
            }
            try {
                execute(shell.remove(List.of(agentDir)), "remove " + agentDir, null, options.commandTimeout());
            } catch (TransportException e) {
                LOG.warn("{}: cannot remove the agent's directory {}: {}", spec.name(), agentDir, e.getMessage());
            }
            agentDir = null;
        }
        if (forward != null) {
            try {
                forward.close();
            } catch (IOException e) {
                LOG.debug("{}: closing the port forward: {}", spec.name(), e.toString());
            }
        }
        forward = null;
        endpoint = null;
        agentPid = -1;
    }

    private void keepLogs() {
        try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            Files.createDirectories(keepLogsIn);
            for (String name : List.of("agent.log", "console.log")) {
                Path local = keepLogsIn.resolve(AgentLogs.localName(spec.name(), name));
                try (InputStream in = sftp.read(agentDir + "/" + name)) {
                    Files.copy(in, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    LOG.debug("{}: no {} to keep: {}", spec.name(), name, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("{}: cannot keep the agent's logs: {}", spec.name(), rootMessage(e));
        }
    }

    @Override
    public LeftoverReport removeLeftovers() throws TransportException {
        AgentDeployment d;
        synchronized (this) {
            if (deployment == null) {
                deployment = deploy();
            }
            d = deployment;
        }
        List<String> command = new ArrayList<>(shell.agentProgram(d.remoteDir(), d.bundled(), spec.java()));
        command.addAll(AgentCommandLine.cleanup(remotePath(options.remoteStateDir())));
        CommandResult r = execute(shell.exec(command), "agent cleanup", null, Duration.ofSeconds(60));
        LeftoverReport report = LeftoverReport.parse(spec.name(), r.stdout());
        report.removed().forEach(line -> LOG.warn("{}: removed {}", spec.name(), line));
        report.left().forEach(line -> LOG.warn("{}: could not remove {}", spec.name(), line));
        if (r.exitCode() != 0 && report.left().isEmpty()) {
            throw new TransportException(spec.name(), "the agent's cleanup failed (status " + r.exitCode() + "): "
                    + r.stderr().strip());
        }
        return report;
    }

    @Override
    public CommandResult exec(List<String> command, Duration timeout) throws TransportException {
        return execute(shell.exec(command), String.join(" ", command), null, timeout);
    }

    /** Uploads into the running agent's directory (or {@code ~/.labdeck/uploads}); returns the remote path. */
    @Override
    public String upload(Path local, String remoteName) throws TransportException {
        if (remoteName.contains("/") || remoteName.isBlank()) {
            throw new TransportException(spec.name(), "upload name must be a plain file name, not " + remoteName);
        }
        String dir;
        synchronized (this) {
            dir = agentDir != null ? agentDir : remotePath(".labdeck/uploads");
        }
        CommandResult mkdir = execute(shell.mkdir(dir), "mkdir " + dir, null, options.commandTimeout());
        if (!mkdir.ok()) {
            throw new TransportException(spec.name(), "cannot create " + dir + ": " + mkdir.stderr().strip());
        }
        String target = dir + "/" + remoteName;
        sftpPut(local, target);
        return target;
    }

    private void sftpPut(Path local, String remote) throws TransportException {
        try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
                OutputStream out = sftp.write(remote);
                InputStream in = Files.newInputStream(local)) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new TransportException(spec.name(), "SFTP upload of " + local + " to " + remote + " failed: " + rootMessage(e)
                    + " (does the host's sshd offer the sftp subsystem?)", e);
        }
    }

    /** Runs one command line on the host (as its SSH server runs it), feeding {@code stdin} if given. */
    private CommandResult execute(String command, String what, byte[] stdin, Duration timeout) throws TransportException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setOut(out);
            channel.setErr(err);
            channel.setIn(new ByteArrayInputStream(stdin == null ? new byte[0] : stdin));
            channel.open().verify(options.connectTimeout());
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                throw new TransportException(spec.name(), "a command did not finish within " + timeout + " on " + login
                        + ": " + what);
            }
            Integer status = channel.getExitStatus();
            return new CommandResult(status == null ? -1 : status,
                    out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TransportException(spec.name(), "cannot run a command on " + login + ": " + rootMessage(e), e);
        }
    }

    @Override
    public void close() {
        stopAgent();
        session.close(true);
        client.stop();
    }

    private String remotePath(String path) {
        return path.startsWith("/") ? path : home + "/" + path;
    }

    private static String shortSha(AgentArtifact a) {
        return a.sha256().substring(0, 12);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
