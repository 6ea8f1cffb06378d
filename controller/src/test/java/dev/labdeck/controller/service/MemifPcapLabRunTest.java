package dev.labdeck.controller.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.lab.LabFixture;
import dev.labdeck.controller.run.RunEvent;
import dev.labdeck.testkit.Prerequisites;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code lab-in-a-box-memif-http-pcap.yaml} as bundled, in a lab with hugepages. The
 * load balancers run on hugepages; dpdk-pdump runs as a DPDK secondary process of lb_c (started
 * once lb_c is ready, with lb_c's file prefix of this run, stopped before it) and captures lb_c's
 * memif port; the pcap lands in the run directory, and tcpdump reads the HTTP requests and
 * answers in it.
 */
class MemifPcapLabRunTest {
    @TempDir
    Path runs;

    @Test
    void dpdkPdumpAsASecondaryOfLbcCapturesTheHttpCrossingTheMemifLinkIntoTheRunDirectory() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("dpdk-testpmd", "dpdk");
        Prerequisites.requireCommand("dpdk-pdump", "dpdk");
        Prerequisites.requireCommand("nginx", "nginx-light");
        Prerequisites.requireCommand("tcpdump", "tcpdump");
        Path root = Prerequisites.repoRoot();
        MemifHttpEvidence.Ended ended;
        try (LabFixture lab = LabFixture.up("mp1", 128)) {
            ended = MemifHttpEvidence.run(lab, Files.readString(root.resolve("profiles/lab-in-a-box-memif-http-pcap.yaml")),
                    "lab-in-a-box-memif-http-pcap.yaml", runs, root, e -> {});
            // the hugepages the load balancers used are free again: no hugepage file of the run is left
            try (var left = Files.list(Path.of(lab.state().hugepageDir()))) {
                assertEquals(List.of(), left.map(f -> f.getFileName().toString()).toList(), "hugepage files left");
            }
        }
        ended.passed();
        List<RunEvent> events = ended.events();
        Path runDir = ended.runDir();
        JsonNode s = ended.summaryJson();
        long requests = s.path("http").path("requests").asLong();
        assertTrue(requests > 0 && s.path("http").path("errors").asLong() == 0, s.path("http").toString());

        // the secondary started once its primary was ready, with the primary's file prefix of this run
        RunEvent lbcReady = stage(events, "service.ready", "lb_c");
        RunEvent pcapStarted = stage(events, "service.started", "pcap");
        assertTrue(ms(pcapStarted, "started_at_ms") >= ms(lbcReady, "ready_at_ms"), "pcap started before lb_c was ready");
        String lbcPrefix = prefix(events, "lb_c");
        assertTrue(lbcPrefix.matches("labdeck-pcap-lbc-r[0-9a-z]+"), lbcPrefix);
        assertEquals(lbcPrefix, prefix(events, "pcap"), "the secondary runs with its primary's file prefix");
        // ... and was stopped before it, ending by itself on its stop signal (code 0)
        RunEvent pcapExited = stage(events, "service.exited", "pcap");
        RunEvent lbcExited = stage(events, "service.exited", "lb_c");
        assertTrue(events.indexOf(pcapExited) < events.indexOf(lbcExited), "lb_c stopped before its secondary");
        assertEquals("0", pcapExited.data().get("exit_code"), pcapExited.message());
        CleanTeardown.assertQuiescedThenQuit(events, List.of("lb_s", "lb_c"));

        // the pcap is in the run directory, as summary.json says, and tcpdump reads HTTP in it
        JsonNode file = s.path("services").path("pcap").path("files").path("memif.pcap");
        assertEquals("services/pcap/memif.pcap", file.path("path").asText(), s.path("services").toString());
        Path pcap = runDir.resolve(file.path("path").asText());
        assertEquals(Files.size(pcap), file.path("bytes").asLong());
        Process tcpdump = new ProcessBuilder("tcpdump", "-r", pcap.toString(), "-nn", "-A").redirectErrorStream(true).start();
        String read = new String(tcpdump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, tcpdump.waitFor(), read.lines().limit(20).toList().toString());
        assertTrue(read.contains("GET / HTTP/1.1"), "no HTTP request in the pcap");
        assertTrue(read.contains("HTTP/1.1 200 OK"), "no HTTP answer in the pcap");
        long frames = read.lines().filter(l -> l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d+ .*")).count();
        // each request and its answer crossed lb_c's memif port while the capture ran
        assertTrue(frames >= 2 * requests, frames + " frames for " + requests + " requests");
    }

    private static RunEvent stage(List<RunEvent> events, String kind, String service) {
        RunEvent e = events.stream().filter(x -> x.kind().equals(kind) && "controller".equals(x.data().get("source"))
                && service.equals(x.data().get("service"))).findFirst().orElse(null);
        assertNotNull(e, "no " + kind + " of " + service);
        return e;
    }

    private static String prefix(List<RunEvent> events, String service) {
        return events.stream().filter(e -> e.kind().equals("service.dpdk_file_prefix") && service.equals(e.data().get("service")))
                .map(e -> e.data().get("dpdk_file_prefix")).findFirst().orElse("none");
    }

    private static long ms(RunEvent e, String key) {
        return Long.parseLong(e.data().get(key));
    }
}
