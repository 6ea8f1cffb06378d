package dev.labdeck.controller.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.protocol.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ReportsTest {

    @Test
    void junitHasOneTestcasePerThresholdAndMarksTheFailedOne(@TempDir Path dir) throws Exception {
        RunSummary s = SummaryJsonTest.sample(Map.of());
        s = new RunSummary(s.status(), s.profile(), s.runId(), s.started(), s.ended(), s.runDirectory(), s.hosts(),
                s.traffic(), List.of(new ThresholdResult("traffic.rx_packets", ">=", 90, 98.0, true, "ok"),
                new ThresholdResult("traffic.loss_percent", "<=", 1, 2.0, false, "traffic.loss_percent = 2, violates <= 1 <&>")),
                s.dstCpu(), null, Map.of());
        JunitReport.write(s, dir);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("junit.xml").toFile());
        assertEquals("2", doc.getDocumentElement().getAttribute("tests"));
        assertEquals("1", doc.getDocumentElement().getAttribute("failures"));
        assertEquals(2, doc.getElementsByTagName("testcase").getLength());
        assertEquals(1, doc.getElementsByTagName("failure").getLength());
        assertEquals("traffic.loss_percent <= 1",
                doc.getElementsByTagName("testcase").item(1).getAttributes().getNamedItem("name").getNodeValue());
    }

    @Test
    void anErroredRunHasAnErrorTestcase(@TempDir Path dir) throws Exception {
        RunSummary s = new RunSummary(RunStatus.ERROR, "p", "r", "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", dir.toString(),
                Map.of(), null, List.of(), null, new RunError("dst", "preflight", "needs xdp"), Map.of());
        JunitReport.write(s, dir);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("junit.xml").toFile());
        assertEquals("1", doc.getDocumentElement().getAttribute("errors"));
        assertTrue(doc.getElementsByTagName("error").item(0).getTextContent().contains("dst: preflight: needs xdp"));
    }

    @Test
    void htmlReportIsSelfContainedWithSettingsTablesChartsAndEvents(@TempDir Path dir) throws Exception {
        try (MetricsCsv csv = new MetricsCsv(dir); EventLog log = new EventLog(dir)) {
            for (int i = 0; i < 1000; i++) {
                csv.append("src", List.of(new Sample(1000L * i, "traffic.tx_pps", Map.of(), 10000),
                        new Sample(1000L * i, "mem.used_bytes", Map.of(), 512L << 20),
                        new Sample(1000L * i, "if.tx_pps", Map.of("iface", "data0"), 10000),
                        new Sample(1000L * i, "if.tx_packets", Map.of("iface", "data0"), 10000L * i)));
                csv.append("dst", List.of(new Sample(1000L * i, "sink.rx_pps", Map.of(), 9990),
                        new Sample(1000L * i, "cpu.core.util", Map.of("core", "0"), i % 100),
                        new Sample(1000L * i, "if.rx_packets", Map.of("iface", "data0"), 9990L * i),
                        new Sample(1000L * i, "if.rx_packets", Map.of("iface", "idle0"), 7)));
            }
            log.append(new EventLine("2026-01-01T00:00:00.123Z", dev.labdeck.protocol.EventLevel.INFO, "MEASURE", "src", "traffic.started", "sending <fast>", Map.of()));
            log.append(new EventLine("2026-01-01T00:00:01.000Z", dev.labdeck.protocol.EventLevel.WARN, "MEASURE", "dst", "cpu", "no CPU samples inside the window", Map.of()));
        }
        Files.writeString(dir.resolve("profile.yaml"), """
                name: loop
                hosts:
                  src: {address: 10.0.0.1, transport: ssh, roles: [src]}
                  dst:
                    address: 10.0.0.2
                    roles: [dst]
                    services:
                      - {name: testpmd, command: dpdk-testpmd -l 1, cores: [1]}
                links:
                  - {name: data, a: "src:data0", b: "dst:data0"}
                traffic: {source: src, sink: dst, engine: packet-ring, rate_pps: 10000, packet_size: 64, flows: 1}
                xdp:
                  - {host: dst, interface: data0, object: "builtin:count", mode: native}
                """);
        HtmlReport.write(SummaryJsonTest.sample(Map.of()), dir);
        String html = Files.readString(dir.resolve("report.html"));
        assertEquals(4, html.split("role=\"img\"").length - 1, "pps, CPU of dst, memory, interfaces of src: " + html);
        assertTrue(html.contains("sending &lt;fast&gt;"), "event log is escaped");
        assertTrue(html.indexOf("no CPU samples inside the window") < html.indexOf("id=\"figures\""),
                "warnings come before the figures");
        assertTrue(html.contains("<td class=\"n\">12345</td>"), "per-flow table");
        // the settings: hosts with their roles, the service, the link, the traffic's engine, rate and size, XDP
        assertTrue(html.contains("<td>dst</td><td>10.0.0.2</td>"), "hosts table");
        assertTrue(html.contains("<td>dst / testpmd</td>"), "services table");
        assertTrue(html.contains("<td>src:data0</td><td>dst:data0</td>"), "links table");
        assertTrue(html.contains("<tr><th>engine</th><td>packet-ring</td></tr>") && html.contains("<tr><th>rate_pps</th><td>10000</td></tr>"));
        assertTrue(html.contains("<td>builtin:count</td>"), "XDP table");
        // per port: what each interface counted from the first sample to the last; an idle one is left out
        assertTrue(html.contains("<td>src</td><td>data0</td><td class=\"n\"></td><td class=\"n\">9,990,000</td>"), html);
        assertTrue(html.contains("<td>dst</td><td>data0</td><td class=\"n\">9,980,010</td>"));
        assertFalse(html.contains("idle0"));
        // tx and rx are told apart by more than colour: the first is a wide band, the second a dashed line
        String pps = html.substring(html.indexOf("Packets per second"), html.indexOf("CPU per core on dst"));
        assertTrue(pps.contains("stroke-width=\"6.5\"") && pps.contains("stroke-dasharray=\"7 4\""), pps);
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing loaded from the network");
        List<Integer> pointsPerLine = new ArrayList<>();
        for (String line : html.split("\n")) {
            if (line.startsWith("<polyline")) pointsPerLine.add(line.split(" ").length);
        }
        assertTrue(pointsPerLine.stream().allMatch(n -> n < SvgChart.MAX_POINTS + 10), "long series are downsampled");
    }

    @Test
    void htmlReportShowsTheServicesFiguresMissingFiguresAndCollectedFiles(@TempDir Path dir) throws Exception {
        var services = dev.labdeck.protocol.ProtocolJson.mapper().readTree("""
                {"client": {"host": "src", "figures": {"bps": 1234567890, "rps": 392.6},
                            "figures_missing": {"p99": "no line matched '([0-9]+) us'"}},
                 "pcap": {"host": "memif", "files": {"memif.pcap": {"path": "services/pcap/memif.pcap", "bytes": 1171648}}}}
                """);
        RunSummary s = SummaryJsonTest.sample(Map.of("services", services));
        String html = HtmlReport.render(s, dir);
        String section = html.substring(html.indexOf("Services' own figures and files"));
        section = section.substring(0, section.indexOf("</table>"));
        assertTrue(section.contains("<td>client</td><td>src</td><td>bps</td><td class=\"n\">1,234,567,890</td>"
                + "<td>services.client.figures.bps</td>"), section);
        assertTrue(section.contains("<td>rps</td><td class=\"n\">393</td>"), section);
        assertTrue(section.contains("<td>p99</td><td class=\"n\">missing</td><td>no line matched &apos;([0-9]+) us&apos;</td>"),
                section);
        assertTrue(section.contains("<td>memif.pcap</td><td class=\"n\">1,171,648 bytes</td>"
                + "<td><a href=\"services/pcap/memif.pcap\">services/pcap/memif.pcap</a></td>"), section);
        // shown once: not again as a table of dotted keys
        assertFalse(html.contains("services.pcap.files.memif.pcap.bytes"), "the services section is drawn twice");
    }

    /** summary.json of an HTTP-only run over memif load balancers (figures as lab lr's run wrote them), with a rate not reached. */
    static RunSummary httpRun(Path dir) throws Exception {
        Files.writeString(dir.resolve("profile.yaml"), """
                name: memif-http
                hosts:
                  src: {address: 10.0.0.1, roles: [src]}
                  memif: {address: 10.0.0.3, roles: [memif]}
                links:
                  - {name: data, a: "src:data0", b: "memif:data0"}
                  - {name: memif-link, kind: memif, host: memif, master: lb_s, slave: lb_c}
                http: {host: src, url: "http://10.210.1.130/", connections: 4, duration: 5s, rate: 1000}
                """);
        var sections = dev.labdeck.protocol.ProtocolJson.mapper().readTree("""
                {"measure": {"requested_s": 5.0, "duration_s": 5.001, "started_ms": 1795728914129, "ended_by": "duration"},
                 "http": {"requests": 926, "requests_per_s": 185.1, "errors": 3,
                          "errors_by_kind": {"status 503": 2, "connection reset": 1}, "rx_bytes": 236114, "tx_bytes": 71302,
                          "connections": 4, "duration_s": 5.004, "requested_duration_s": 5.0, "requested_rate_per_s": 1000,
                          "latency_us": {"p50": 13615, "p90": 47359, "p99": 90431, "p99_9": 519167, "max": 519167, "mean": 21195.9},
                          "status_codes": {"200": 924, "503": 2}, "last_error": "HTTP 503",
                          "not_reached": {"rate": "rate: 926 requests answered of the 5,000 that 1,000 requests/s asks over 5 s (18.5 %)"}},
                 "links": {"memif-link": {
                     "master": {"service": "lb_s", "port": 0, "device": "net_memif0", "rx_packets": 972, "tx_packets": 938,
                                "rx_bytes": 205862, "tx_bytes": 316590, "rx_errors": 0, "tx_errors": 0, "rx_missed": 0,
                                "rx_nombuf": 0, "window_ms": 7389},
                     "slave": {"service": "lb_c", "port": 0, "device": "net_memif0", "rx_packets": 938, "tx_packets": 972,
                               "rx_bytes": 316590, "tx_bytes": 205862, "rx_errors": 0, "tx_errors": 0, "rx_missed": 0,
                               "rx_nombuf": 0, "window_ms": 7281}},
                           "data": {"a": {"host": "src", "interface_name": "data0", "rx_packets": 5, "tx_packets": 7,
                                          "rx_bytes": 500, "tx_bytes": 700, "rx_drops": 0, "tx_drops": 0}}},
                 "dpdk": {"lb_s": {"net_af_packet0": {"port": 1, "device": "net_af_packet0", "rx_packets": 938, "tx_packets": 972,
                                   "rx_bytes": 316590, "tx_bytes": 205862, "rx_errors": 0, "tx_errors": 0, "rx_missed": 0,
                                   "rx_nombuf": 0, "window_ms": 7357}}}}
                """);
        Map<String, com.fasterxml.jackson.databind.JsonNode> map = new java.util.LinkedHashMap<>();
        sections.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
        return new RunSummary(RunStatus.PASSED, "memif-http", "r", "2026-01-01T00:00:00Z", "2026-01-01T00:00:12Z",
                dir.toString(), Map.of(), null, List.of(), null, null, map);
    }

    @Test
    void htmlReportGivesAnHttpRunItsFiguresInWordsAndUnitsAndSaysWhatWasNotReached(@TempDir Path dir) throws Exception {
        String html = HtmlReport.render(httpRun(dir), dir);
        String figures = html.substring(html.indexOf("id=\"figures\""), html.indexOf("id=\"settings\""));
        assertFalse(figures.contains("not measured"), "an HTTP-only run measured: " + figures);
        assertTrue(figures.contains("HTTP load from src on <code>http://10.210.1.130/</code>"), figures);
        assertTrue(figures.contains("<th>Requests answered</th><td>926 (status 200: 924, status 503: 2)</td>"), figures);
        assertTrue(figures.contains("<th>Requests per second</th><td>185.1 requests/s over 5.004 s (1,000 requests/s asked)</td>"),
                figures);
        assertTrue(figures.contains("<th>Errors</th><td>3 (status 503: 2, connection reset: 1); last: HTTP 503</td>"), figures);
        assertTrue(figures.contains("<th>Bytes sent</th><td>71,302 bytes (the requests whole"), figures);
        assertTrue(figures.contains("<th>Bytes received</th><td>236,114 bytes (the answers whole"), figures);
        assertTrue(figures.contains("<td>p50 13,615 µs, p90 47,359 µs, p99 90,431 µs, p99.9 519,167 µs, max 519,167 µs,"
                + " mean 21,195.9 µs</td>"), figures);
        assertTrue(figures.contains("<th>Connections</th><td>4 keep-alive"), figures);
        assertTrue(figures.contains("<th>Duration</th><td>5.004 s of 5 s asked</td>"), figures);
        assertTrue(figures.contains("<th>Measurement</th><td>5.001 s of 5 s asked, ended by duration</td>"), figures);
        // what was not reached, as summary.json says it, before the figures
        assertTrue(figures.contains("<strong>Not reached:</strong> rate: 926 requests answered of the 5,000 that 1,000 requests/s"
                + " asks over 5 s (18.5 %)"), figures);
        assertTrue(figures.indexOf("Not reached") < figures.indexOf("Requests answered"), figures);
        // once, in words: not again as dotted keys
        assertFalse(html.contains("http.latency_us.p50") || html.contains("measure.ended_by") || html.contains("dpdk.lb_s."), html);
        // no empty packets-per-second chart for a run that sent no packets
        assertFalse(html.contains("Packets per second"), html);
    }

    @Test
    void htmlReportSaysWhatARunWithoutTrafficMeasuredOrThatItDidNot(@TempDir Path dir) throws Exception {
        // services as the load: the measurement's window, the services' figures in their own section
        Files.writeString(dir.resolve("profile.yaml"), "name: svc\nhosts:\n  a: {address: 10.0.0.1}\nmeasure: {duration: 5s}\n");
        var sections = dev.labdeck.protocol.ProtocolJson.mapper().readTree("""
                {"measure": {"requested_s": 5.0, "duration_s": 3.2, "started_ms": 1, "ended_by": "load services exited"},
                 "services": {"client": {"host": "a", "figures": {"bps": 1000}}}}
                """);
        Map<String, com.fasterxml.jackson.databind.JsonNode> map = new java.util.LinkedHashMap<>();
        sections.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
        RunSummary services = new RunSummary(RunStatus.PASSED, "svc", "r", "2026-01-01T00:00:00Z", "2026-01-01T00:00:12Z",
                dir.toString(), Map.of(), null, List.of(), null, null, map);
        String html = HtmlReport.render(services, dir);
        String figures = html.substring(html.indexOf("id=\"figures\""), html.indexOf("Services' own figures"));
        assertTrue(figures.contains("<th>Duration</th><td>3.200 s of 5 s asked</td>")
                && figures.contains("<th>Ended by</th><td>load services exited</td>"), figures);
        assertFalse(figures.contains("not measured") || figures.contains("measure.duration_s"), figures);

        // an HTTP run that failed before MEASURE: said, not left blank
        Files.writeString(dir.resolve("profile.yaml"), "name: h\nhosts:\n  a: {address: 10.0.0.1}\nhttp: {host: a, url: \"http://10.0.0.2/\"}\n");
        RunSummary failed = new RunSummary(RunStatus.ERROR, "h", "r", "2026-01-01T00:00:00Z", "2026-01-01T00:00:12Z",
                dir.toString(), Map.of(), null, List.of(), null, new RunError("a", "deploy", "no sshd"), Map.of());
        String failedFigures = HtmlReport.render(failed, dir);
        failedFigures = failedFigures.substring(failedFigures.indexOf("id=\"figures\""), failedFigures.indexOf("id=\"settings\""));
        assertTrue(failedFigures.contains("<tr><th>HTTP load</th><td>not measured</td></tr>"), failedFigures);
        assertFalse(failedFigures.contains("<th>Traffic</th>"), "the profile sends no packets: " + failedFigures);
    }

    @Test
    void htmlReportShowsMemifLinksAsDpdkCountedThemApartFromTheKernelsLinks(@TempDir Path dir) throws Exception {
        String html = HtmlReport.render(httpRun(dir), dir);
        String ports = html.substring(html.indexOf("id=\"ports\""), html.indexOf("id=\"charts\""));
        String kernel = ports.substring(ports.indexOf("Ethernet links of the profile, as each end's kernel counted them"));
        kernel = kernel.substring(0, kernel.indexOf("</table>"));
        assertTrue(kernel.contains("<td>data</td><td>a</td><td>src</td><td>data0</td><td class=\"n\">5</td><td class=\"n\">7</td>"),
                kernel);
        assertFalse(kernel.contains("memif-link"), "a memif link is not counted by a kernel: " + kernel);
        String memif = ports.substring(ports.indexOf("Memif links of the profile, as DPDK counted them"));
        memif = memif.substring(0, memif.indexOf("</table>"));
        assertTrue(memif.contains("<td>memif-link</td><td>master (server)</td><td>lb_s</td><td>0 net_memif0</td>"
                + "<td class=\"n\">972</td><td class=\"n\">938</td><td class=\"n\">205,862</td>"), memif);
        assertTrue(memif.contains("<td>slave (client)</td><td>lb_c</td>"), memif);
        assertTrue(memif.contains("<td class=\"n\">7.281 s</td>"), memif);
        String dpdk = ports.substring(ports.indexOf("DPDK ports of the services, as DPDK counted them over the measurement"));
        assertTrue(dpdk.contains("<td>lb_s</td><td>1 net_af_packet0</td><td class=\"n\">938</td>"), dpdk);
    }

    @Test
    void historyListsRunsNewestFirstWithTheirSummaries(@TempDir Path root) throws Exception {
        Path older = Files.createDirectories(root.resolve("20260101-100000-loop"));
        Path newer = Files.createDirectories(root.resolve("20260102-090000-loop"));
        Files.createDirectories(root.resolve("not-a-run"));
        new EventLog(older).close();
        new EventLog(newer).close();
        SummaryJson.write(SummaryJsonTest.sample(Map.of()), older);
        List<RunHistory.Entry> runs = new RunHistory(root).list();
        assertEquals(List.of("20260102-090000-loop", "20260101-100000-loop"), runs.stream().map(RunHistory.Entry::name).toList());
        assertTrue(runs.get(0).summary().isEmpty(), "a run without summary (still going, or crashed)");
        assertEquals(RunStatus.FAILED, runs.get(1).summary().orElseThrow().status());
    }

    @Test
    void runDirectoriesAreUniqueAndNamedAfterTimeAndProfile(@TempDir Path root) throws Exception {
        java.time.Instant t = java.time.Instant.parse("2026-03-04T05:06:07Z");
        Path a = RunDirectory.create(root, "local loopback", t);
        Path b = RunDirectory.create(root, "local loopback", t);
        assertTrue(a.getFileName().toString().matches("\\d{8}-\\d{6}-local-loopback"), a.toString());
        assertEquals(a.getFileName() + "-2", b.getFileName().toString());
    }
}
