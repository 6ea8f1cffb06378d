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
 * 1,000, 100,000 and 1,000,000 pps the kernel's rate is the rate asked within 0.5 %, and the
 * kernel counts exactly what the source claims.
 *
 * <p>Up to 1,000 pps dst receives through its kernel into LabDeck's UDP sink. From 100,000 pps dst's
 * data0 runs LabDeck's counting XDP program with action drop, as a user measuring a generator (or
 * the bench) would: on the lab's veth the frames are received in the sender's own softirq, so a
 * sink through dst's UDP stack puts its cost (some 2 µs a packet) on the sending core and measures
 * this 2-core host's receive path instead of the generator (1,000,000 pps then reached 230k-500k
 * pps, said generator_limited; 100,000 pps ended 15 ms late once on a busy host). dst's program
 * counts each packet instead of the sink. The two fast steps last 2 s (0.5 % is then 10 ms of
 * lateness at the end, where a busy host once took 3.5 ms of a 1 s step's 5).
 */
class RateAccuracyLabRunTest {

    record Step(long pps, String duration, long seconds) {}

    private static long srcTx(LabFixture lab) throws Exception {
        JsonNode s = ProtocolJson.mapper().readTree(lab.run("src", "ip", "-s", "-j", "link", "show", "dev", "data0"));
        return s.get(0).path("stats64").path("tx").path("packets").asLong();
    }

    @Test
    void xdpLiveSendsTheRateAskedWithinHalfAPercentByTheKernelsCounter(@TempDir Path runs) throws Exception {
        List<Step> steps = List.of(new Step(1, "10s", 10), new Step(10, "2s", 2), new Step(1_000, "1s", 1),
                new Step(100_000, "2s", 2), new Step(1_000_000, "2s", 2));
        List<String> seen = new ArrayList<>();
        List<Boolean> kept = new ArrayList<>();
        try (LabFixture lab = LabFixture.up("ra1")) {
            for (Step step : steps) {
                // a step the host could not send (generator-limited, said so) is measured again, up to 3 times:
                // a busy machine (a CI neighbour) takes the core away for a moment; a rate the engine cannot hold fails 3 times
                boolean held = false;
                for (int attempt = 1; attempt <= 3 && !held; attempt++) {
                    String yaml = Files.readString(Prerequisites.repoRoot().resolve("profiles/lab-in-a-box-udp.yaml"))
                            .replace("rate_pps: 10000", "rate_pps: " + step.pps() + "\n  engine: xdp-live")
                            .replace("flows: 4", "flows: 1").replace("ports: [12345, 12346, 12347, 12348]", "ports: [12345]")
                            .replace("duration: 5s", "duration: " + step.duration());
                    yaml = yaml.substring(0, yaml.indexOf("\nthresholds:") + 1);
                    boolean dropAtDst = step.pps() >= 100_000;
                    if (dropAtDst) {
                        yaml = yaml.replace("\ntraffic:\n", """

                                xdp:
                                  - host: dst
                                    interface: data0
                                    object: builtin:count
                                    mode: native
                                    allow_generic: false
                                    action: drop
                                traffic:
                                """).replace("metrics: [cpu, memory, network]", "metrics: [cpu, memory, network, xdp]");
                        assertTrue(yaml.contains("action: drop") && yaml.contains("network, xdp]"), yaml);
                    }
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
                    if (dropAtDst) {
                        JsonNode xdp = s.sections().get("xdp");
                        assertEquals(counted, xdp.path("actions").path("drop").asLong(), step + ": dst's XDP program dropped (and counted) "
                                + "every packet src's kernel sent: " + xdp);
                    }
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
                        seen.add(String.format(java.util.Locale.ROOT, "%,d pps: generator-limited, %s (attempt %d)", step.pps(), figures, attempt));
                    }
                    held = error <= 0.005;
                }
                kept.add(held);
            }
        }
        System.out.println("rate accuracy (xdp-live, lab veth, kernel counts, load " + Files.readString(Path.of("/proc/loadavg")).strip()
                + "): " + seen);
        for (int k = 0; k < steps.size(); k++) {
            assertTrue(kept.get(k), steps.get(k) + " must keep the rate (in one of 3 attempts): " + seen);
        }
    }
}
