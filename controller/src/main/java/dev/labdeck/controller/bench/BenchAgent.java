package dev.labdeck.controller.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.agent.HttpAgentClient;
import dev.labdeck.controller.transport.AgentToken;
import dev.labdeck.protocol.AgentCommandLine;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A LabDeck agent started by the benchmark inside a lab host's namespace, listening on the host's
 * management address, reached over HTTP like any agent. Its process is the one whose CPU time the
 * benchmark charges to LabDeck's engines.
 */
final class BenchAgent implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    /** The agent stops everything and exits when the benchmark stops talking to it for this long. */
    private static final long DEADMAN_MS = 60_000;

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
        if (!Files.isRegularFile(agentJar)) {
            throw new BenchException("the agent jar " + agentJar + " is missing; build first (./labdeck builds on first use)");
        }
        Path dir;
        Process p;
        try {
            dir = Files.createTempDirectory("labdeck-bench-" + host + "-");
            Path token = dir.resolve("token");
            String secret = AgentToken.generate();
            AgentToken.writeFile(token, secret);
            Path ready = dir.resolve("ready.json");
            AgentCommandLine line = AgentCommandLine.launch(0, address, token.toString(), ready.toString(),
                    dir.resolve("state").toString(), DEADMAN_MS, "bench");
            List<String> command = new ArrayList<>(List.of(javaCommand(), "--enable-native-access=ALL-UNNAMED", "-jar",
                    agentJar.toString()));
            command.addAll(line.arguments());
            p = BenchLab.inNamespace(namespace, command)
                    .redirectOutput(dir.resolve("agent.out").toFile())
                    .redirectErrorStream(true)
                    .start();
            Instant deadline = Instant.now().plus(READY_WITHIN);
            while (!Files.isRegularFile(ready) || Files.size(ready) == 0) {
                if (!p.isAlive()) {
                    throw new BenchException("the agent on " + host + " exited " + p.exitValue() + " before it listened: "
                            + Files.readString(dir.resolve("agent.out")).strip());
                }
                if (Instant.now().isAfter(deadline)) {
                    p.destroyForcibly();
                    throw new BenchException("the agent on " + host + " did not listen within " + READY_WITHIN.toSeconds() + " s");
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
            JsonNode r = ProtocolJson.mapper().readTree(ready.toFile());
            URI base = URI.create("http://" + address + ":" + r.path("port").asInt());
            return new BenchAgent(p, dir, new HttpAgentClient(host, base, secret));
        } catch (IOException e) {
            throw new BenchException("cannot start the agent on " + host + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while starting the agent on " + host, e);
        }
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
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
