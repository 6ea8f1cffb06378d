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
    void htmlReportIsSelfContainedWithTablesChartsAndEvents(@TempDir Path dir) throws Exception {
        try (MetricsCsv csv = new MetricsCsv(dir); EventLog log = new EventLog(dir)) {
            for (int i = 0; i < 1000; i++) {
                csv.append("src", List.of(new Sample(1000L * i, "traffic.tx_pps", Map.of(), 10000)));
                csv.append("dst", List.of(new Sample(1000L * i, "sink.rx_pps", Map.of(), 9990),
                        new Sample(1000L * i, "cpu.core.util", Map.of("core", "0"), i % 100)));
            }
            log.append(new EventLine("2026-01-01T00:00:00.123Z", dev.labdeck.protocol.EventLevel.INFO, "MEASURE", "src", "traffic.started", "sending <fast>", Map.of()));
        }
        HtmlReport.write(SummaryJsonTest.sample(Map.of()), dir);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<svg"), "charts are inline SVG");
        assertEquals(2, html.split("<svg").length - 1, "a pps chart and a CPU chart");
        assertTrue(html.contains("sending &lt;fast&gt;"), "event log is escaped");
        assertTrue(html.contains("<td class=\"n\">12345</td>"), "per-flow table");
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing loaded from the network");
        List<Integer> pointsPerLine = new ArrayList<>();
        for (String line : html.split("\n")) {
            if (line.startsWith("<polyline")) pointsPerLine.add(line.split(" ").length);
        }
        assertTrue(pointsPerLine.stream().allMatch(n -> n < SvgChart.MAX_POINTS + 10), "long series are downsampled");
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
