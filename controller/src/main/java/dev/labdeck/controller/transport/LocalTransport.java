package dev.labdeck.controller.transport;

import dev.labdeck.protocol.AgentCommandLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host that is this machine: the agent jar runs as a child process of the controller, with the
 * controller's own java, on an ephemeral loopback port; no SSH involved.
 */
public final class LocalTransport implements HostTransport {
    private static final Logger LOG = LoggerFactory.getLogger(LocalTransport.class);
    /** The agent writes its own logs into the state dir; the process's stdout/stderr go here. */
    static final String CONSOLE_LOG = "console.log";

    private final String host;
    private final TransportOptions options;
    private Process agent;
    private AgentEndpoint endpoint;
    private Path tokenFile;
    private Path stateDir;
    private Path keepLogsIn;
    private LeftoverReport lastLeftovers;

    LocalTransport(String host, TransportOptions options) throws TransportException {
        this.host = host;
        this.options = options;
        if (!Files.isRegularFile(options.agentJar())) {
            throw new TransportException(host, "the agent jar " + options.agentJar()
                    + " is missing; build LabDeck first (./labdeck builds it, or ./mvnw package -DskipTests)");
        }
    }

    @Override
    public String hostName() {
        return host;
    }

    /** The agent process, while it runs. */
    /** Each launch gets its own directory; those of launches a week old whose agent is gone are removed. */
    static void pruneOldLaunches(Path agentRoot) {
        java.time.Instant cutoff = java.time.Instant.now().minus(java.time.Duration.ofDays(7));
        try (var dirs = Files.list(agentRoot)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                if (Files.exists(dir.resolve("agent.pid"))
                        || Files.getLastModifiedTime(dir).toInstant().isAfter(cutoff)) {
                    continue;
                }
                try (var tree = Files.walk(dir)) {
                    for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot prune old agent directories in {}: {}", agentRoot, e.toString());
        }
    }

    public synchronized java.util.Optional<ProcessHandle> agentProcess() {
        return agent == null ? java.util.Optional.empty() : java.util.Optional.of(agent.toHandle());
    }

    @Override
    public synchronized AgentEndpoint startAgent(AgentLaunch launch) throws TransportException {
        if (agent != null && agent.isAlive()) {
            throw new TransportException(host, "an agent is already running (pid " + agent.pid() + ")");
        }
        pruneOldLaunches(options.userDir().resolve("agent"));
        stateDir = options.userDir().resolve("agent").resolve(launchDirName(launch.runId()));
        Path readyFile = stateDir.resolve("ready.json");
        Path consoleLog = stateDir.resolve(CONSOLE_LOG);
        String token = AgentToken.generate();
        try {
            Files.createDirectories(stateDir);
            tokenFile = stateDir.resolve("token");
            AgentToken.writeFile(tokenFile, token);
        } catch (IOException e) {
            throw new TransportException(host, "cannot prepare the agent's directory " + stateDir + ": " + e.getMessage(), e);
        }
        List<String> command = LocalAgentLaunch.command(options.agentJar(), List.of(), AgentCommandLine.launch(0, launch.bind(),
                tokenFile.toString(), readyFile.toString(), stateDir.toString(), launch.heartbeatTimeout().toMillis(), launch.runId())
                .withLogLevel(AgentLogs.agentLogLevel()));
        LOG.info("{}: starting agent: {}", host, String.join(" ", command));
        try {
            agent = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(consoleLog.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
        } catch (IOException e) {
            throw new TransportException(host, "cannot start the agent (" + command.getFirst() + "): " + e.getMessage(), e);
        }
        Instant deadline = Instant.now().plus(launch.startTimeout());
        try {
            endpoint = LocalAgentLaunch.awaitUp(host, agent, readyFile, consoleLog, connectAddress(launch.bind()), token, deadline);
            return endpoint;
        } catch (TransportException e) {
            stopAgent();
            throw e;
        }
    }

    @Override
    public synchronized void keepAgentLogsIn(Path directory) {
        this.keepLogsIn = directory;
    }

    @Override
    public synchronized LeftoverReport lastLeftovers() {
        return lastLeftovers == null ? LeftoverReport.none(host) : lastLeftovers;
    }

    @Override
    public synchronized void stopAgent() {
        if (agent == null) {
            removeStateDir();
            return;
        }
        Process process = agent;
        List<ProcessHandle> descendants = process.descendants().toList();
        boolean orderly = endpoint != null && process.isAlive()
                && AgentHandshake.shutdown(host, endpoint.baseUri(), endpoint.token());
        if (!waitForExit(process, options.stopGrace())) {
            orderly = false;
            LOG.warn("{}: agent pid {} still running {} after shutdown; terminating it", host, process.pid(), options.stopGrace());
            process.destroy();
            if (!waitForExit(process, Duration.ofSeconds(2))) {
                process.destroyForcibly();
                waitForExit(process, Duration.ofSeconds(2));
            }
        }
        // Whatever the agent started and left behind goes too (it should have stopped them itself).
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                LOG.warn("{}: killing pid {} left by the agent", host, child.pid());
                child.destroyForcibly();
            }
        }
        if (!orderly && endpoint != null) {
            // killed, frozen or gone before we asked: its XDP programs and services may still be there
            try {
                lastLeftovers = removeLeftovers();
            } catch (TransportException e) {
                LOG.warn("{}: cannot remove what the agent left: {}", host, e.getMessage());
            }
        }
        removeStateDir();
        agent = null;
        endpoint = null;
        tokenFile = null;
    }

    /** Copies the agent's logs where asked, then removes its directory, token included. */
    private void removeStateDir() {
        if (stateDir == null) {
            return;
        }
        if (keepLogsIn != null) {
            AgentLogs.copy(host, keepLogsIn, List.of(stateDir.resolve("agent.log"), stateDir.resolve(CONSOLE_LOG)));
        }
        try (var tree = Files.walk(stateDir)) {
            for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (java.nio.file.NoSuchFileException gone) {
            // removed by the agent itself (dead-man switch) or a cleanup
        } catch (IOException e) {
            LOG.warn("{}: cannot remove the agent's directory {}: {}", host, stateDir, e.toString());
        }
        stateDir = null;
    }

    @Override
    public LeftoverReport removeLeftovers() throws TransportException {
        Path root = options.userDir().resolve("agent");
        CommandResult r = exec(List.of(ControllerJava.path(), "--enable-native-access=ALL-UNNAMED", "-jar", options.agentJar().toString(),
                AgentCommandLine.CLEANUP, "--state-dir", root.toString()), Duration.ofSeconds(60));
        LeftoverReport report = LeftoverReport.parse(host, r.stdout());
        report.removed().forEach(line -> LOG.warn("{}: removed {}", host, line));
        report.left().forEach(line -> LOG.warn("{}: could not remove {}", host, line));
        if (r.exitCode() != 0 && report.left().isEmpty()) {
            throw new TransportException(host, "the agent's cleanup failed (status " + r.exitCode() + "): " + r.stderr().strip());
        }
        return report;
    }

    private static boolean waitForExit(Process process, Duration grace) {
        try {
            process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !process.isAlive();
    }

    @Override
    public CommandResult exec(List<String> command, Duration timeout) throws TransportException {
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new TransportException(host, "command did not finish within " + timeout + ": " + String.join(" ", command));
            }
            return new CommandResult(p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new TransportException(host, "cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(host, "interrupted while running " + command.getFirst());
        } catch (ExecutionException | TimeoutException e) {
            throw new TransportException(host, "cannot read the output of " + command.getFirst() + ": " + e, e);
        }
    }

    /** The host is this machine: the file is already there. */
    @Override
    public String upload(Path local, String remoteName) throws TransportException {
        if (!Files.isReadable(local)) {
            throw new TransportException(host, "cannot read " + local);
        }
        return local.toAbsolutePath().toString();
    }

    @Override
    public void close() {
        stopAgent();
    }

    private String launchDirName(String runId) {
        String base = (runId == null || runId.isBlank() ? "adhoc" : runId) + "-" + host + "-" + AgentToken.shortId();
        return base.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The agent listens on its bind address; a wildcard bind is reached over loopback. */
    static String connectAddress(String bind) {
        if (bind == null || bind.isBlank() || bind.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (bind.equals("::") || bind.equals("[::]")) {
            return "[::1]";
        }
        return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String readAll(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
