package dev.labdeck.controller.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.lab.LabFixture;
import dev.labdeck.controller.run.RunEvent;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
        Map<String, String> affinity = new ConcurrentHashMap<>();
        MemifHttpEvidence.Ended ended;
        try (LabFixture lab = LabFixture.up("mh1")) {
            ended = MemifHttpEvidence.run(lab, Files.readString(root.resolve("profiles/lab-in-a-box-memif-http.yaml")),
                    "lab-in-a-box-memif-http.yaml", runs, root, e -> {
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
                    });
            // testpmd's af_packet ports turned lbc0 and lbs0 promiscuous; the run leaves them as it found them
            String links = lab.run("memif", "ip", "-o", "link");
            assertFalse(links.contains("PROMISC"), links);
        }
        ended.passed();
        List<RunEvent> events = ended.events();
        JsonNode s = ended.summaryJson();
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
        // the bytes the load's connections carried crossed the memif link inside its frames (with their Ethernet, IP
        // and TCP headers): requests from lb_c to lb_s, answers back; a GET's request whole is more than its line
        assertTrue(http.path("tx_bytes").asLong() > http.path("requests").asLong() * "GET / HTTP/1.1\r\n\r\n".length()
                && slave.path("tx_bytes").asLong() > http.path("tx_bytes").asLong(), http + " " + slave);
        assertTrue(http.path("rx_bytes").asLong() > 0 && master.path("tx_bytes").asLong() > http.path("rx_bytes").asLong(),
                http + " " + master);
        // report.html gives the HTTP figures in words, and the memif link as DPDK counted it
        String report = Files.readString(ended.runDir().resolve("report.html"));
        assertTrue(report.contains(String.format(java.util.Locale.ROOT, "<th>Requests answered</th><td>%,d (status 200: %,d)</td>",
                http.path("requests").asLong(), http.path("requests").asLong())), report);
        assertTrue(report.contains("Memif links of the profile, as DPDK counted them") && !report.contains("each end's kernel"), report);
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

    /**
     * lb_s slow to start its ports (a 500,000-mbuf pool: seconds between its memif socket listening
     * and its ports starting, during which testpmd refuses a memif client, which does not try
     * again): lb_c is started only once lb_s forwards, links, and the HTTP crosses. With lb_s ready
     * when its socket listened, this run failed on lab lm: lb_c 'not ready after 60 s'.
     */
    @Test
    void aSlowStartingMasterIsReadyOnlyOnceItForwardsSoItsClientLinks() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("dpdk-testpmd", "dpdk");
        Prerequisites.requireCommand("nginx", "nginx-light");
        Path root = Prerequisites.repoRoot();
        String yaml = Files.readString(root.resolve("profiles/lab-in-a-box-memif-http.yaml"));
        int lbs = yaml.indexOf("- name: lb_s");
        String slow = yaml.substring(0, lbs) + yaml.substring(lbs)
                .replaceFirst("-m, \"1024\"", "-m, \"2500\"").replaceFirst("--total-num-mbufs=16384", "--total-num-mbufs=500000");
        assertTrue(slow.contains("--total-num-mbufs=500000") && slow.indexOf("500000") < slow.indexOf("- name: lb_c"), slow);
        MemifHttpEvidence.Ended ended;
        try (LabFixture lab = LabFixture.up("mh2")) {
            ended = MemifHttpEvidence.run(lab, slow, "lab-in-a-box-memif-http.yaml", runs, root, e -> {});
        }
        ended.passed();
        List<RunEvent> events = ended.events();
        JsonNode s = ended.summaryJson();
        assertTrue(s.path("http").path("requests").asLong() > 0, s.path("http").toString());
        assertEquals(0, s.path("http").path("errors").asLong(), s.path("http").toString());
        assertTrue(s.path("links").path("memif-link").path("slave").path("tx_packets").asLong() > 0, s.path("links").toString());
        RunEvent lbsReady = events.stream().filter(e -> e.kind().equals("service.ready") && "controller".equals(e.data().get("source"))
                && "lb_s".equals(e.data().get("service"))).findFirst().orElseThrow();
        assertTrue(lbsReady.message().contains("Start automatic packet forwarding"), lbsReady.message());
    }
}
