package dev.labdeck.controller.bench;

import dev.labdeck.controller.agent.HttpAgentClient;
import dev.labdeck.controller.transport.AgentEndpoint;
import dev.labdeck.controller.transport.AgentToken;
import dev.labdeck.controller.transport.LocalAgentLaunch;
import dev.labdeck.controller.transport.TransportException;
import dev.labdeck.protocol.AgentCommandLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A LabDeck agent started by the benchmark inside a lab host's namespace, listening on the host's
 * management address, reached over HTTP like any agent. Its process is the one whose CPU time the
 * benchmark charges to LabDeck's engines.
 */
final class BenchAgent implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    /**
     * The agent stops everything and exits when the benchmark stops talking to it for this long: longer
     * than a round of every sender, since an agent may serve only one sender per round.
     */
    private static final long DEADMAN_MS = 300_000;

    private final Process process;
    private final Path dir;
    private final HttpAgentClient client;

    private BenchAgent(Process process, Path dir, HttpAgentClient client) {
        this.process = process;
        this.dir = dir;
        this.client = client;
    }

    /** Starts the agent jar with this JVM's java in {@code namespace}, bound to {@code address}. */
    static BenchAgent start(String host, String namespace, String address, Path agentJar) throws BenchException {
        return start(host, namespace, address, agentJar, List.of());
    }

    /** As {@link #start(String, String, String, Path)}, with {@code jvmOptions} (e.g. {@code -Dlabdeck.traffic.sendmmsg=false}). */
    static BenchAgent start(String host, String namespace, String address, Path agentJar, List<String> jvmOptions) throws BenchException {
        if (!Files.isRegularFile(agentJar)) {
            throw new BenchException("the agent jar " + agentJar + " is missing; build first (./labdeck builds on first use)");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("labdeck-bench-" + host + "-");
        } catch (IOException e) {
            throw new BenchException("cannot start the agent on " + host + ": " + e.getMessage(), e);
        }
        Process p = null;
        try {
            Path token = dir.resolve("token");
            String secret = AgentToken.generate();
            AgentToken.writeFile(token, secret);
            Path ready = dir.resolve("ready.json");
            Path console = dir.resolve("agent.out");
            AgentCommandLine line = AgentCommandLine.launch(0, address, token.toString(), ready.toString(),
                    dir.resolve("state").toString(), DEADMAN_MS, "bench");
            p = BenchLab.inNamespace(namespace, LocalAgentLaunch.command(agentJar, jvmOptions, line))
                    .redirectOutput(console.toFile())
                    .redirectErrorStream(true)
                    .start();
            AgentEndpoint up = LocalAgentLaunch.awaitUp(host, p, ready, console, address, secret, Instant.now().plus(READY_WITHIN));
            return new BenchAgent(p, dir, new HttpAgentClient(host, up.baseUri(), secret));
        } catch (IOException e) {
            if (p != null) p.destroyForcibly();
            BenchFiles.deleteTree(dir);
            throw new BenchException("cannot start the agent on " + host + ": " + e.getMessage(), e);
        } catch (TransportException e) {
            p.destroyForcibly();
            BenchFiles.deleteTree(dir);
            throw new BenchException("the agent on " + host + ": " + e.getMessage(), e);
        }
    }

    HttpAgentClient client() {
        return client;
    }

    /** CPU time the agent's process has used so far, all threads, user and system. */
    Duration cpu() {
        return BenchCpu.of(process.toHandle());
    }

    @Override
    public void close() {
        try {
            client.shutdown();
        } catch (Exception e) {
            // it may be gone already; the process is ended below either way
        }
        client.close();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        BenchFiles.deleteTree(dir);
    }
}
