package dev.labdeck.controller.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.lab.LabFixture;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.engine.RunEngine;
import dev.labdeck.controller.run.RunEvent;
import dev.labdeck.controller.run.RunListener;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code lab-in-a-box-memif-http.yaml} as bundled. HTTP requests from src cross lb_c,
 * the memif link and lb_s to nginx on dst and back: requests answered without errors, latency
 * percentiles, the load balancers' DPDK counters agreeing across the memif link, the seed's
 * order, and every service on its core by the kernel's own affinity.
 */
class MemifHttpLabRunTest {
    @TempDir
    Path runs;

    @Test
    void httpCrossesBothLoadBalancersAndTheMemifLink() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("dpdk-testpmd", "dpdk");
        Prerequisites.requireCommand("nginx", "nginx-light");
        Path root = Prerequisites.repoRoot();
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        Map<String, String> affinity = new ConcurrentHashMap<>();
        RunSummary summary;
        Path runDir;
        String evidence = "";
        try (LabFixture lab = LabFixture.up("mh1")) {
            Profile p = lab.resolve(ProfileLoader.parse(Files.readString(root.resolve("profiles/lab-in-a-box-memif-http.yaml")),
                    "lab-in-a-box-memif-http.yaml"));
            RunOptions options = RunOptions.defaults().withRunsRoot(runs)
                    .withTransport(TransportOptions.defaults().withLabdeckHome(root));
            var run = RunEngine.start(p, options, new RunListener() {
                @Override
                public void event(RunEvent e) {
                    events.add(e);
                    if (e.kind().equals("service.ready") && "controller".equals(e.data().get("source"))) {
                        // the kernel's view of the service's process, while it runs
                        try {
                            affinity.put(e.data().get("service"), Files.readAllLines(Path.of("/proc", e.data().get("pid"), "status"))
                                    .stream().filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElse("")
                                    .split(":")[1].trim());
                        } catch (Exception gone) {
                            affinity.put(e.data().get("service"), "gone");
                        }
                    }
                }
            });
            summary = run.await(Duration.ofSeconds(300));
            runDir = run.runDirectory();
            if (!summary.passed()) {
                // where the packets stopped, while the lab is still up: the run directory and lab go with the test
                evidence = MemifHttpEvidence.of(lab, runDir);
            }
        }
        if (!summary.passed()) {
            fail("run " + summary.status() + ": " + summary.error() + "\n" + evidence);
        }
        JsonNode s = ProtocolJson.mapper().readTree(runDir.resolve("summary.json").toFile());
        JsonNode http = s.path("http");
        assertTrue(http.path("requests").asLong() > 0 && http.path("requests_per_s").asDouble() > 0, http.toString());
        assertEquals(0, http.path("errors").asLong(), http.toString());
        assertEquals(http.path("requests").asLong(), http.path("status_codes").path("200").asLong());
        assertTrue(http.path("latency_us").path("p50").asLong() > 0
                && http.path("latency_us").path("p99").asLong() >= http.path("latency_us").path("p50").asLong(), http.toString());
        assertEquals(5.0, s.path("measure").path("duration_s").asDouble(), 0.2);

        // what lb_c sent over the memif link lb_s received, and back, in the same window
        JsonNode master = s.path("links").path("memif-link").path("master");
        JsonNode slave = s.path("links").path("memif-link").path("slave");
        assertEquals(slave.path("tx_packets").asLong(), master.path("rx_packets").asLong(), s.path("links").toString());
        assertEquals(master.path("tx_packets").asLong(), slave.path("rx_packets").asLong(), s.path("links").toString());
        // at least one packet each way per request (request and answer), over keep-alive connections
        assertTrue(slave.path("tx_packets").asLong() >= http.path("requests").asLong(), s.path("links").toString());
        assertTrue(master.path("tx_packets").asLong() >= http.path("requests").asLong(), s.path("links").toString());
        assertEquals(0, s.path("dpdk").path("lb_c").path("net_af_packet0").path("rx_missed").asLong());
        // each load balancer forwarded what it read: af_packet in = memif out, memif in = af_packet out
        for (String lb : List.of("lb_c", "lb_s")) {
            JsonNode ports = s.path("dpdk").path(lb);
            JsonNode af = ports.path("net_af_packet0");
            JsonNode memif = ports.path("net_memif0");
            assertEquals(af.path("rx_packets").asLong(), memif.path("tx_packets").asLong(), lb + ": " + ports);
            assertEquals(memif.path("rx_packets").asLong(), af.path("tx_packets").asLong(), lb + ": " + ports);
        }
        // the requests entered at lb_c and left at lb_s: as many packets as crossed the memif link
        assertEquals(s.path("dpdk").path("lb_c").path("net_af_packet0").path("rx_packets").asLong(),
                s.path("dpdk").path("lb_s").path("net_af_packet0").path("tx_packets").asLong(), s.path("dpdk").toString());

        // the seed's order: lb_s, lb_c, server ready, then the client's load
        List<String> ready = events.stream().filter(e -> e.kind().equals("service.ready")
                && "controller".equals(e.data().get("source"))).map(e -> e.data().get("service")).toList();
        assertEquals(List.of("lb_s", "lb_c", "server"), ready);
        int lastReady = events.indexOf(events.stream().filter(e -> e.kind().equals("service.ready")
                && "server".equals(e.data().get("service"))).reduce((a, b) -> b).orElseThrow());
        int client = events.indexOf(events.stream().filter(e -> e.kind().equals("http.started")).findFirst().orElseThrow());
        assertTrue(client > lastReady, "the client started before the server was ready");
        // each pinned where the profile says (cores 5, 4, 3 of the seed → 1, 0, 1 here)
        assertEquals(Map.of("lb_s", "1", "lb_c", "0", "server", "1"), affinity);
        // both load balancers stopped forwarding before either went away, then quit by themselves: no crash
        CleanTeardown.assertQuiescedThenQuit(events, List.of("lb_s", "lb_c"));
    }
}
