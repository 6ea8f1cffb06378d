package dev.labdeck.controller.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.lab.LabFixture;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.results.RunStatus;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.TrafficSummary;
import dev.labdeck.controller.engine.RunEngine;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rate far beyond what the source host can send is a measurement at the rate it reached, said
 * so in summary.json and the events, never an error: 50,000,000 pps asked for 5 s in the lab.
 */
class GeneratorLimitedLabRunTest {

    @Test
    void fiftyMillionPpsForFiveSecondsEndsOnTimeGeneratorLimited(@TempDir Path runs) throws Exception {
        try (LabFixture lab = LabFixture.up("gl1")) {
            String yaml = Files.readString(Prerequisites.repoRoot().resolve("profiles/lab-in-a-box-udp.yaml"))
                    .replace("rate_pps: 10000", "rate_pps: 50000000")
                    .replace("  - traffic.loss_percent <= 0.1\n", "");
            Profile p = lab.resolve(ProfileLoader.parse(yaml, "generator-limited.yaml"));
            TransportOptions transport = TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot())
                    .withConnectTimeout(Duration.ofSeconds(45));
            RunHandle run = RunEngine.start(p, RunOptions.defaults().withRunsRoot(runs).withTransport(transport), null);
            RunSummary summary = run.await(Duration.ofSeconds(150));

            assertEquals(RunStatus.PASSED, summary.status(), "by its thresholds, not an error: " + summary.error()
                    + "; see " + run.runDirectory());
            TrafficSummary t = summary.traffic();
            assertEquals(50_000_000, t.requestedPps());
            assertTrue(t.generatorLimited(), "generator_limited: " + t);
            assertTrue(t.achievedPps() > 0 && t.achievedPps() < 50_000_000, "achieved " + t.achievedPps());
            assertTrue(t.achievedPps() <= t.txPackets() / 5.0 + 1, "achieved over at least the 5 s asked: " + t.achievedPps());
            long sentForMs = t.endedMs() - t.startedMs();
            assertTrue(sentForMs >= 5_000 && sentForMs < 6_000, "the source sent for " + sentForMs + " ms of 5,000");
            String events = Files.readString(run.runDirectory().resolve("events.jsonl"));
            assertTrue(events.contains("traffic.generator_limited"), "a warning event says so");
            String json = Files.readString(run.runDirectory().resolve("summary.json"));
            assertTrue(json.contains("\"generator_limited\":true") || json.contains("\"generator_limited\" : true"), json);
        }
    }
}
