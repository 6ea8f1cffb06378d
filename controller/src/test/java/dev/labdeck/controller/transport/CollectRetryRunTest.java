package dev.labdeck.controller.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.cli.LabdeckTerminal;
import dev.labdeck.controller.engine.LoopbackRuns;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.testkit.ClassFixture;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code labdeck run} over SSH (OpenSSH's sshd on a loopback port) whose SSH session is cut
 * once as the source ends (its final counters read, then the sink's drained): the read fails, is retried
 * with backoff once the heartbeat has reopened the tunnel, and the run keeps every figure.
 */
class CollectRetryRunTest {
    @RegisterExtension
    static final ClassFixture<TestSshd> sshd = ClassFixture.of(TestSshd::start);

    @TempDir
    Path tmp;

    @Test
    void aCutWhileReadingTheFinalCountersIsRetriedAndTheFiguresAreKept() throws Exception {
        Prerequisites.require(Files.isRegularFile(Prerequisites.repoRoot().resolve("remote-agent/target/labdeck-agent.jar")),
                "the agent jar is not built (./mvnw package builds it before the controller's tests)");
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(home.resolve(".labdeck"));
        Path profile = tmp.resolve("cut.yaml");
        Files.writeString(profile, """
                name: cut
                agent:
                  accept_new_host_keys: true
                hosts:
                  far:
                    address: 127.0.0.1
                    transport: ssh
                    port: %d
                    user: %s
                    key: %s
                    roles: [src, dst]
                traffic:
                  source: far
                  sink: far
                  destination: 127.0.0.1
                  flows: 1
                  ports: %s
                  rate_pps: 1000
                  packet_size: 64
                  duration: 2s
                  cooldown: 4s
                """.formatted(sshd.get().port, sshd.get().user, sshd.get().userKey, LoopbackRuns.freeUdpPorts(1)));
        Path dir = tmp.resolve("run");
        Path output = tmp.resolve("run.out");
        Process run = LabdeckTerminal.start(output, home, List.of("run", "--out", dir.toString(), profile.toString()));
        try {
            Eventually.await("the source finished sending (the agent's traffic.done)", Duration.ofSeconds(120),
                    () -> !run.isAlive() || events(dir).stream().anyMatch(e -> e.path("kind").asText().equals("traffic.done")),
                    () -> read(output));
            assertTrue(run.isAlive(), "the run ended before COOLDOWN: " + read(output));
            // cut: kill the sshd processes serving the run's session (not the listener), as a dropped link would
            List<Long> sessions = sessionProcesses();
            assertFalse(sessions.isEmpty(), "the run's SSH session is served by an sshd process");
            for (long pid : sessions) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            assertTrue(run.waitFor(120, TimeUnit.SECONDS), "the run ended: " + read(output));
        } finally {
            run.destroyForcibly();
        }
        String out = read(output);
        assertEquals(0, run.exitValue(), out);
        JsonNode summary = ProtocolJson.mapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals("passed", summary.path("status").asText(), summary.toString());
        assertEquals(2_000, summary.at("/traffic/tx_packets").asLong(), summary.toString());
        assertEquals(2_000, summary.at("/traffic/rx_packets").asLong(), summary.toString());
        assertTrue(summary.at("/traffic/complete").asBoolean(true), summary.toString());

        List<JsonNode> events = events(dir);
        List<JsonNode> retries = events.stream().filter(e -> e.path("kind").asText().equals("collect.retry")).toList();
        assertFalse(retries.isEmpty(), "the failed read was retried: " + events);
        assertEquals("far", retries.getFirst().path("host").asText());
        assertTrue(retries.getFirst().path("message").asText().matches("(traffic|drain sink|stop sink) failed .*attempt 2 of 4.*"),
                retries.getFirst().toString());
        assertTrue(events.stream().anyMatch(e -> e.path("kind").asText().equals("collect.retried")
                && e.path("host").asText().equals("far")), "the retry answered: " + events);
        assertTrue(events.stream().anyMatch(e -> e.path("kind").asText().equals("ssh.reconnected")), "the session was reopened: " + events);
        assertTrue(out.lines().anyMatch(l -> l.contains("far: ") && l.contains("attempt 2 of 4")), "a terminal line says it retried: " + out);
    }

    /** The sshd processes below the test sshd's listener: one per SSH connection (the run's). */
    private static List<Long> sessionProcesses() throws IOException {
        long listener = Long.parseLong(Files.readString(sshd.get().dir.resolve("sshd.pid")).strip());
        return ProcessHandle.of(listener).orElseThrow().descendants()
                .filter(p -> p.info().command().map(c -> c.contains("sshd")).orElse(true))
                .map(ProcessHandle::pid).toList();
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<JsonNode> events(Path dir) {
        List<JsonNode> events = new ArrayList<>();
        Path f = dir.resolve("events.jsonl");
        if (!Files.isRegularFile(f)) return events;
        for (String l : read(f).split("\n")) {
            if (l.isBlank()) continue;
            try {
                events.add(ProtocolJson.mapper().readTree(l));
            } catch (IOException halfWritten) {
                // the last line may be half written while the run goes on
            }
        }
        return events;
    }
}
