package dev.labdeck.controller.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.engine.RunEngine;
import dev.labdeck.controller.lab.LabFixture;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.results.RunStatus;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.TrafficSummary;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.protocol.TrafficEngine;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate accuracy with xdp-live in the lab-in-a-box, by src data0's kernel tx counter: at 1, 10,
 * 1,000, 100,000 and 1,000,000 pps the kernel counts the rate asked within 0.5 %, or, where this
 * host's generator cannot reach it, the run says generator_limited and the kernel counts exactly
 * what the source claims (never a silent shortfall).
 */
class RateAccuracyLabRunTest {

    record Step(long pps, String duration, long seconds) {}

    private static long srcTx(LabFixture lab) throws Exception {
        JsonNode s = ProtocolJson.mapper().readTree(lab.run("src", "ip", "-s", "-j", "link", "show", "dev", "data0"));
        return s.get(0).path("stats64").path("tx").path("packets").asLong();
    }

    @Test
    void xdpLiveSendsTheRateAskedByTheKernelsCounterOrSaysItCouldNot(@TempDir Path runs) throws Exception {
        List<Step> steps = List.of(new Step(1, "10s", 10), new Step(10, "2s", 2), new Step(1_000, "1s", 1),
                new Step(100_000, "1s", 1), new Step(1_000_000, "1s", 1));
        List<String> seen = new ArrayList<>();
        try (LabFixture lab = LabFixture.up("ra1")) {
            for (Step step : steps) {
                String yaml = Files.readString(Prerequisites.repoRoot().resolve("profiles/lab-in-a-box-udp.yaml"))
                        .replace("rate_pps: 10000", "rate_pps: " + step.pps() + "\n  engine: xdp-live")
                        .replace("flows: 4", "flows: 1").replace("ports: [12345, 12346, 12347, 12348]", "ports: [12345]")
                        .replace("duration: 5s", "duration: " + step.duration());
                yaml = yaml.substring(0, yaml.indexOf("\nthresholds:") + 1);
                TransportOptions transport = TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot())
                        .withConnectTimeout(Duration.ofSeconds(45));
                long before = srcTx(lab);
                RunHandle run = RunEngine.start(lab.resolve(ProfileLoader.parse(yaml, "rate-" + step.pps() + ".yaml")),
                        RunOptions.defaults().withRunsRoot(runs).withTransport(transport), null);
                RunSummary s = run.await(Duration.ofSeconds(120));
                assertEquals(RunStatus.PASSED, s.status(), step + ": " + s.error() + "; see " + run.runDirectory());
                TrafficSummary t = s.traffic();
                assertEquals(TrafficEngine.XDP_LIVE, t.engine(), step.toString());
                long counted = srcTx(lab) - before;
                long asked = step.pps() * step.seconds();
                assertEquals(t.txPackets(), counted, step + ": every packet the source claims, src data0's kernel counted");
                double error = Math.abs(counted - asked) / (double) asked;
                if (t.generatorLimited()) {
                    // short by count, or all sent but a stall of the sending thread made it take longer than asked
                    long tookMs = t.endedMs() - t.startedMs();
                    assertTrue(t.achievedPps() < step.pps() * 0.995
                                    && (counted < asked * 0.995 || tookMs > step.seconds() * 1000 * 1.004),
                            step + ": generator-limited only when short: " + t);
                    seen.add(String.format(java.util.Locale.ROOT, "%,d pps: generator-limited at %,.0f pps (kernel %,d of %,d in %d ms)",
                            step.pps(), t.achievedPps(), counted, asked, tookMs));
                } else {
                    assertTrue(error <= 0.005, step + ": kernel counted " + counted + " of " + asked + " (" + error * 100 + " %)");
                    seen.add(String.format(java.util.Locale.ROOT, "%,d pps: kernel %,d of %,d (%.3f %% off)", step.pps(), counted,
                            asked, error * 100));
                }
            }
        }
        System.out.println("rate accuracy (xdp-live, lab veth, kernel counts): " + seen);
        // the slow rates are never beyond the generator: they must be exact
        assertTrue(seen.get(0).contains("(0.000 % off)") && seen.get(1).contains("(0.000 % off)"), seen.toString());
    }
}
