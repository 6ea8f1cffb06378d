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
 * Rate accuracy with xdp-live in the lab-in-a-box, by src data0's kernel tx counter over the
 * run's measured window (the duration asked, or the longer time the source took): at 1, 10,
 * 1,000, 100,000 and 1,000,000 pps the kernel's rate is the rate asked within 0.5 %, or, where
 * this host's generator cannot reach it, the run says generator_limited, and the kernel counts
 * exactly what the source claims either way (never a silent shortfall). Up to 100,000 pps the
 * rate must be met; only 1,000,000 pps may be generator-limited on a busy host.
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
                // the run's measured window: the duration asked, or the longer time the source really took
                // (the controller's achieved rate is the claim over it, and the claim is the kernel's count)
                double windowSeconds = t.txPackets() / t.achievedPps();
                double kernelPps = counted / windowSeconds;
                double error = Math.abs(kernelPps - step.pps()) / step.pps();
                String figures = String.format(java.util.Locale.ROOT, "kernel %,d of %,d in %.1f ms = %,.0f pps (%.3f %% off)",
                        counted, asked, windowSeconds * 1000, kernelPps, error * 100);
                if (error <= 0.005) {
                    assertTrue(!t.generatorLimited(), step + ": within 0.5 % but said generator-limited: " + figures);
                    seen.add(String.format(java.util.Locale.ROOT, "%,d pps: %s", step.pps(), figures));
                } else {
                    // this host could not send the rate: the run must say so, with the rate the kernel saw
                    assertTrue(t.generatorLimited() && kernelPps < step.pps() * 0.995,
                            step + ": " + figures + " and the run did not say generator-limited: " + t);
                    seen.add(String.format(java.util.Locale.ROOT, "%,d pps: generator-limited, %s", step.pps(), figures));
                }
            }
        }
        System.out.println("rate accuracy (xdp-live, lab veth, kernel counts, load " + Files.readString(Path.of("/proc/loadavg")).strip()
                + "): " + seen);
        // up to 100,000 pps xdp-live keeps the rate on one core, even on a busy 2-core host: within 0.5 % by the
        // kernel over the window. 1,000,000 pps may be beyond this host: on the lab's veth the sending core
        // also runs dst's receive path (veth delivers in the sender's softirq, through GRO and UDP to the sink),
        // ~2 µs a packet on a busy host, so there the run must say generator-limited (checked above)
        for (int k = 0; k < 4; k++) {
            assertTrue(!seen.get(k).contains("generator-limited"), steps.get(k) + " must keep the rate: " + seen);
        }
    }
}
