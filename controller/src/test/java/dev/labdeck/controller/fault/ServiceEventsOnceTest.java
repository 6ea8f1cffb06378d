package dev.labdeck.controller.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.engine.RunEngine;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.controller.run.RunListener;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real run with services (real agents on this machine, real processes): events.jsonl records each
 * moment of each service once — started, ready, stopped — although both the agent and the run's
 * service stage see it.
 */
class ServiceEventsOnceTest {
    @TempDir
    Path dir;

    @Test
    void eachServiceMomentIsRecordedOnce() throws Exception {
        Prerequisites.requireLinux();
        Prerequisites.requireCommand("setsid", "util-linux");
        Prerequisites.require(Files.isRegularFile(Prerequisites.repoRoot().resolve("remote-agent/target/labdeck-agent.jar")),
                "the agent jar is not built (./mvnw package builds it before the controller's tests)");
        RunOptions options = RunOptions.defaults().withRunsRoot(dir.resolve("runs"))
                .withTransport(TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot()).withUserDir(dir.resolve("user")));
        RunHandle h = RunEngine.start(ProfileLoader.parse("""
                name: services-once
                hosts:
                  a:
                    transport: local
                    services:
                      - name: first
                        command: [sh, -c, "echo up; exec cat"]
                        readiness: {kind: log_line, pattern: "^up$"}
                  b:
                    transport: local
                    services:
                      - name: second
                        command: [cat]
                        after: [first]
                """, "services-once.yaml"), options, new RunListener() {});
        RunSummary summary = h.await(Duration.ofSeconds(120));
        assertTrue(summary.passed(), summary.status() + ": " + summary.error());

        Map<String, Integer> counts = new TreeMap<>();
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(h.runDirectory().resolve("events.jsonl"))) {
            if (line.isBlank()) continue;
            JsonNode e = ProtocolJson.mapper().readTree(line);
            String kind = e.path("kind").asText();
            if (kind.startsWith("service.") && !kind.equals("service.order")) {
                lines.add(line);
                counts.merge(e.path("host").asText() + "/" + e.path("data").path("service").asText() + " " + kind, 1, Integer::sum);
            }
        }
        assertEquals(Map.of(
                "a/first service.exited", 1, "a/first service.ready", 1, "a/first service.started", 1,
                "b/second service.exited", 1, "b/second service.ready", 1, "b/second service.started", 1),
                counts, String.join("\n", lines));
    }
}
