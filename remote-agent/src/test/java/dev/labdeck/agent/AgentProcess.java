package dev.labdeck.agent;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.testkit.Eventually;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A real agent in a child JVM (the test classpath, {@code --port 0}, a ready file), and an HTTP
 * client that carries its token. Closing it kills the process if it is still alive.
 */
final class AgentProcess implements AutoCloseable {
    final Process process;
    final int port;
    final String token;
    final Path dir;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AgentProcess(Process process, int port, String token, Path dir) {
        this.process = process;
        this.port = port;
        this.token = token;
        this.dir = dir;
    }

    static AgentProcess start(Path dir, String... extraArgs) throws IOException, InterruptedException {
        String token = UUID.randomUUID().toString();
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, token + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        Path ready = dir.resolve("ready.json");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.labdeck.agent.AgentMain",
                "--port", "0", "--token-file", tokenFile.toString(), "--ready-file", ready.toString(),
                "--state-dir", dir.resolve("state").toString()));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("agent.out").toFile()).start();
        try {
            Eventually.await("the agent's ready file", Duration.ofSeconds(30), () -> Files.exists(ready) || !p.isAlive());
        } catch (AssertionError notReady) {
            p.destroyForcibly();
            throw notReady;
        }
        if (!Files.exists(ready)) fail("agent exited with " + p.exitValue() + " before it was ready:\n" + Files.readString(dir.resolve("agent.out")));
        JsonNode r = ProtocolJson.mapper().readTree(Files.readString(ready));
        return new AgentProcess(p, r.get("port").asInt(), token, dir);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
        String json = body instanceof String s ? s : ProtocolJson.mapper().writeValueAsString(body);
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE().build());
    }

    /** Reads a 2xx JSON answer as {@code type}; anything else fails the test with the agent's message. */
    static <T> T read(HttpResponse<String> response, Class<T> type) throws IOException {
        if (response.statusCode() / 100 != 2) fail(response.request().method() + " " + response.uri() + " answered " + response.statusCode() + ": " + response.body());
        return ProtocolJson.mapper().readValue(response.body(), type);
    }

    /** Waits for the process to exit by itself; false when it did not before the deadline. */
    boolean awaitExit(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    String output() throws IOException {
        return Files.readString(dir.resolve("agent.out"));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
        keepLogs();
    }

    /** Copies the agent's output and log to target/agent-test-logs/PID for a look after a failure. */
    private void keepLogs() {
        try {
            Path keep = Path.of("target", "agent-test-logs", Long.toString(process.pid()));
            Files.createDirectories(keep);
            for (Path p : List.of(dir.resolve("agent.out"), dir.resolve("state").resolve("agent.log"))) {
                if (Files.exists(p)) Files.copy(p, keep.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // only a debugging aid
        }
    }
}
