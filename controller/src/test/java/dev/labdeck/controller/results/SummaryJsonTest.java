package dev.labdeck.controller.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.protocol.ProtocolJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryJsonTest {

    static RunSummary sample(Map<String, JsonNode> sections) {
        TrafficSummary t = new TrafficSummary(100, 98, 2, 10, 9.8, 2.0, 6400, 6272, 0, 0, 1000, 11000,
                List.of(new FlowSummary(0, 12345, 100, 98, 2, 2.0, 1, 0)));
        return new RunSummary(RunStatus.FAILED, "loop", "20260101-000000-loop", "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:12Z", "/tmp/x", Map.of("src", new HostSummary("0.1.0", 1, "h", "Linux", "6.1", 4, "local")),
                t, List.of(new ThresholdResult("traffic.loss_percent", "<=", 1, 2.0, false, "m")),
                new CpuSummary("dst", Map.of("0", 10.0), 10.0), null, sections);
    }

    @Test
    void writesSnakeCaseKeysAndTopLevelSections(@TempDir Path dir) throws Exception {
        JsonNode xdp = ProtocolJson.mapper().readTree("{\"packets\":98}");
        SummaryJson.write(sample(Map.of("xdp", xdp)), dir);
        JsonNode root = ProtocolJson.mapper().readTree(Files.readString(dir.resolve("summary.json")));
        assertEquals("failed", root.get("status").asText());
        assertEquals(100, root.at("/traffic/tx_packets").asLong());
        assertEquals(2.0, root.at("/traffic/loss_percent").asDouble());
        assertEquals(12345, root.at("/traffic/per_flow/0/port").asInt());
        assertEquals("0.1.0", root.at("/hosts/src/agent_version").asText());
        assertEquals(98, root.at("/xdp/packets").asLong());
        assertTrue(root.at("/sections").isMissingNode(), "sections are top-level keys, not a nested object");
        assertTrue(root.at("/error").isMissingNode());
    }

    @Test
    void readsBackWhatItWrote(@TempDir Path dir) throws Exception {
        JsonNode baseline = ProtocolJson.mapper().readTree("{\"rx_pps\":9.9}");
        RunSummary s = sample(Map.of("baseline", baseline));
        SummaryJson.write(s, dir);
        RunSummary back = SummaryJson.read(dir.resolve("summary.json"));
        assertEquals(s.traffic(), back.traffic());
        assertEquals(s.hosts(), back.hosts());
        assertEquals(s.thresholds(), back.thresholds());
        assertEquals(RunStatus.FAILED, back.status());
        assertEquals(9.9, back.sections().get("baseline").get("rx_pps").asDouble());
    }
}
