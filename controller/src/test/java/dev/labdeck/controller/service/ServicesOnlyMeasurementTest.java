package dev.labdeck.controller.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.engine.RunEngine;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.run.RunEvent;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.controller.run.RunListener;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A profile without {@code traffic}: MEASURE lasts {@code measure.duration}, or until every
 * {@code role: load} service has exited, through the real run engine, a real agent process and
 * real service processes. Times come from the run's own phase events (events.jsonl).
 *
 * <p>Tolerance: MEASURE cannot end before its duration (the wait is on a monotonic deadline, and
 * the phase events bracket it), so the lower bounds are exact. Above, 1 s covers the round trips
 * to the agent and the scheduling of a 2-core machine shared by several builds; a run that
 * measured nothing (the old 0 s) or ignored the duration or the load's exit is off by far more.
 */
class ServicesOnlyMeasurementTest {
    private static final double TOLERANCE_S = 1.0;

    @TempDir
    Path dir;
    private final List<RunEvent> events = new CopyOnWriteArrayList<>();
    private Path runDir;

    @BeforeEach
    void needsAgentAndLinux() {
        Prerequisites.requireLinux();
        Prerequisites.requireCommand("setsid", "util-linux");
        Prerequisites.require(Files.isRegularFile(Prerequisites.repoRoot().resolve("remote-agent/target/labdeck-agent.jar")),
                "the agent jar is not built (./mvnw package builds it before the controller's tests)");
    }

    private RunSummary run(String yaml) throws Exception {
        RunOptions options = RunOptions.defaults().withRunsRoot(dir.resolve("runs"))
                .withTransport(TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot())
                        .withUserDir(dir.resolve("user")));
        RunHandle h = RunEngine.start(ProfileLoader.parse(yaml, "test.yaml"), options, new RunListener() {
            @Override
            public void event(RunEvent event) {
                events.add(event);
            }
        });
        RunSummary s = h.await(Duration.ofSeconds(120));
        runDir = h.runDirectory();
        return s;
    }

    /** When the run entered a phase, from events.jsonl as written. */
    private Instant entered(RunPhase phase) throws Exception {
        for (String line : Files.readAllLines(runDir.resolve("events.jsonl"))) {
            JsonNode e = ProtocolJson.mapper().readTree(line);
            if (e.path("kind").asText().equals("phase") && e.path("phase").asText().equals(phase.label())) {
                return Instant.parse(e.path("time").asText());
            }
        }
        throw new AssertionError(phase.label() + " is not in " + runDir.resolve("events.jsonl"));
    }

    private double measuredSeconds() throws Exception {
        return Duration.between(entered(RunPhase.MEASURE), entered(RunPhase.COOLDOWN)).toMillis() / 1000.0;
    }

    /** When a service's process ended, as the agent recorded it (the controller's events carry it). */
    private long endedAtMs(String service) {
        return events.stream().filter(e -> service.equals(e.data().get("service")) && e.data().containsKey("ended_at_ms"))
                .mapToLong(e -> Long.parseLong(e.data().get("ended_at_ms"))).min()
                .orElseThrow(() -> new AssertionError("no end time of " + service + " in the events"));
    }

    private JsonNode summaryJson() throws Exception {
        return ProtocolJson.mapper().readTree(runDir.resolve("summary.json").toFile());
    }

    @Test
    void measuresForExactlyItsDurationWhileTheLoadStillRuns() throws Exception {
        RunSummary summary = run("""
                name: services-only
                hosts:
                  local:
                    transport: local
                    services:
                      - name: server
                        command: [cat]
                      - name: client
                        command: [sleep, "300"]
                        role: load
                        after: [server]
                measure: {duration: 3s}
                """);
        assertTrue(summary.passed(), summary.status() + ": " + summary.error());
        double phase = measuredSeconds();
        assertTrue(phase >= 3.0 && phase < 3.0 + TOLERANCE_S, "MEASURE lasted " + phase + " s, not 3 s");
        JsonNode m = summaryJson().path("measure");
        assertEquals(3.0, m.path("requested_s").asDouble());
        assertTrue(m.path("duration_s").asDouble() >= 3.0 && m.path("duration_s").asDouble() <= phase, m.toString());
        assertEquals("duration", m.path("ended_by").asText());
        // the load did not finish by itself: it was stopped at teardown like any service
        assertTrue(events.stream().noneMatch(e -> e.kind().equals("service.finished")), "client finished by itself?");
    }

    @Test
    void endsWhenEveryLoadServiceHasExited() throws Exception {
        RunSummary summary = run("""
                name: services-only-load
                hosts:
                  local:
                    transport: local
                    services:
                      - name: server
                        command: [cat]
                      - name: client
                        command: [sh, -c, "sleep 2; echo 1200 requests"]
                        role: load
                        after: [server]
                      - name: client2
                        command: [sh, -c, "sleep 1; echo 300 requests"]
                        role: load
                        after: [server]
                measure: {duration: 60s}
                """);
        assertTrue(summary.passed(), summary.status() + ": " + summary.error());
        double phase = measuredSeconds();
        // the slower client ends it (it started in START SERVICES, so MEASURE is a little shorter than its 2 s), never 60 s
        assertTrue(phase < 2.0 + TOLERANCE_S, "MEASURE lasted " + phase + " s, not until the load exited (~2 s)");
        JsonNode m = summaryJson().path("measure");
        assertEquals(60.0, m.path("requested_s").asDouble());
        assertEquals("load services exited", m.path("ended_by").asText());
        assertTrue(m.path("duration_s").asDouble() < 2.0 + TOLERANCE_S, m.toString());
        // MEASURE held until the slower client had exited, not only the first
        Instant clientEnded = Instant.ofEpochMilli(endedAtMs("client"));
        assertTrue(endedAtMs("client2") < endedAtMs("client"), "client2 should end first");
        assertTrue(!entered(RunPhase.COOLDOWN).isBefore(clientEnded), "MEASURE ended before client exited at " + clientEnded);
        double late = Duration.between(clientEnded, entered(RunPhase.COOLDOWN)).toMillis() / 1000.0;
        assertTrue(late < TOLERANCE_S, "MEASURE ended " + late + " s after the last load service exited");
    }
}
