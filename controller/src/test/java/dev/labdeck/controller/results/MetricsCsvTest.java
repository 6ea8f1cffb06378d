package dev.labdeck.controller.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labdeck.protocol.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {

    @Test
    void writesLongFormatRowsThatReadBack(@TempDir Path dir) throws Exception {
        try (MetricsCsv csv = new MetricsCsv(dir)) {
            csv.append("dst", List.of(new Sample(1_700_000_000_000L, "cpu.core.util", Map.of("core", "3"), 12.5),
                    new Sample(1_700_000_000_000L, "if.rx_packets", Map.of("iface", "veth,0", "dir", "in"), 42)));
        }
        List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals("time,host,metric,labels,value", lines.get(0));
        assertEquals("2023-11-14T22:13:20Z,dst,cpu.core.util,core=3,12.5", lines.get(1));
        assertEquals("2023-11-14T22:13:20Z,dst,if.rx_packets,\"dir=in;iface=veth,0\",42", lines.get(2));

        List<MetricRow> rows = MetricsCsv.read(dir, r -> true);
        assertEquals(2, rows.size());
        assertEquals(Map.of("iface", "veth,0", "dir", "in"), rows.get(1).labels());
        assertEquals(42.0, rows.get(1).value());
    }

    @Test
    void aTornLastLineAfterACrashIsSkipped(@TempDir Path dir) throws Exception {
        try (MetricsCsv csv = new MetricsCsv(dir)) {
            csv.append("src", List.of(new Sample(1000, "traffic.tx_pps", Map.of(), 10000)));
        }
        Files.writeString(dir.resolve("metrics.csv"), "1970-01-01T00:00:02Z,src,traff", StandardOpenOption.APPEND);
        assertEquals(1, MetricsCsv.read(dir, r -> true).size());
    }

    @Test
    void cpuPerCoreIsTheMeanOfTheWindow(@TempDir Path dir) throws Exception {
        try (MetricsCsv csv = new MetricsCsv(dir)) {
            csv.append("dst", List.of(new Sample(1000, "cpu.core.util", Map.of("core", "0"), 10),
                    new Sample(1000, "cpu.core.util", Map.of("core", "1"), 50)));
            csv.append("dst", List.of(new Sample(2000, "cpu.core.util", Map.of("core", "0"), 20),
                    new Sample(2000, "cpu.core.util", Map.of("core", "1"), 70)));
            csv.append("dst", List.of(new Sample(9000, "cpu.core.util", Map.of("core", "0"), 99)));
            csv.append("src", List.of(new Sample(1500, "cpu.core.util", Map.of("core", "0"), 99)));
        }
        CpuSummary cpu = CpuSummary.measure(dir, "dst", 1000, 2000);
        assertEquals(Map.of("0", 15.0, "1", 60.0), cpu.perCore());
        assertEquals(37.5, cpu.mean());
    }
}
