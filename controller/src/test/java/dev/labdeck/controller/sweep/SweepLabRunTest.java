package dev.labdeck.controller.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.engine.RunEngine;
import dev.labdeck.controller.lab.LabFixture;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end in the lab-in-a-box: a sweep over three rates and two payload sizes measures six
 * steps with the lab deployed once, each with its own figures, a sweep table and the curves in the report.
 */
class SweepLabRunTest {
    private static LabFixture lab;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void labUp() {
        Path agentJar = TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot()).agentJar();
        Prerequisites.require(Files.isRegularFile(agentJar), "agent jar " + agentJar + " not built (run ./mvnw package -DskipTests)");
        lab = LabFixture.up("swe2e");
    }

    @AfterAll
    static void labDown() {
        if (lab != null) lab.close();
    }

    @Test
    void threeRatesByTwoSizesWriteSixStepsAndASweepTable() throws Exception {
        Path dir = run("sweep", """
                traffic: {source: src, sink: dst, destination: lab:dst.data, flows: 2, ports: [12345, 12346], duration: 2s}
                sweep:
                  rate_pps: [2000, 5000, 10000]
                  packet_size: [64, 512]
                """);
        JsonNode summary = ProtocolJson.mapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals("passed", summary.path("status").asText(), summary.toString());
        JsonNode steps = summary.path("sweep").path("steps");
        assertEquals(6, steps.size(), steps.toString());
        try (var d = Files.list(dir.resolve("steps"))) {
            assertEquals(6, d.filter(s -> Files.isRegularFile(s.resolve("summary.json"))).count(), "a directory with figures per step");
        }
        List<String> csv = Files.readAllLines(dir.resolve("sweep.csv"));
        assertEquals(7, csv.size(), "header and six steps: " + csv);
        int i = 0;
        for (int size : new int[] {64, 512}) {
            for (long rate : new long[] {2000, 5000, 10000}) {
                JsonNode st = steps.get(i++);
                assertEquals(rate, st.path("rate_pps").asLong(), st.toString());
                assertEquals(size, st.path("packet_size").asInt(), st.toString());
                // the source sent the step's rate for the step's 2 s, every packet counted by the sink or as lost
                assertEquals(rate * 2, st.path("tx_packets").asLong(), rate * 0.02 + 1, st.toString());
                assertEquals(st.path("tx_packets").asLong(), st.path("rx_packets").asLong() + st.path("lost_packets").asLong());
                JsonNode own = ProtocolJson.mapper().readTree(dir.resolve("steps").resolve(st.path("name").asText()).resolve("summary.json").toFile());
                assertEquals(st.path("tx_packets").asLong(), own.path("traffic").path("tx_packets").asLong());
            }
        }
        String report = Files.readString(dir.resolve("report.html"));
        assertTrue(report.contains("Received against offered rate") && report.contains("Loss against offered rate"), "curves in the report");
        // deployed once, measured six times: each host's agent started once
        String events = Files.readString(dir.resolve("events.jsonl"));
        assertEquals(2, events.split("\"kind\":\"agent.version\"", -1).length - 1, "one agent start per host");
    }

    private static Path run(String name, String test) throws Exception {
        Path file = tmp.resolve(name + ".yaml");
        Files.writeString(file, """
                name: %s
                agent: {bind: 127.0.0.1, heartbeat_timeout: 30s}
                hosts:
                  src: {address: lab:src, key: lab:src, roles: [src]}
                  dst: {address: lab:dst, key: lab:dst, roles: [dst]}
                links:
                  - {name: data, a: "src:data0", b: "dst:data0"}
                monitoring: {sample_interval: 500ms, metrics: [cpu, network]}
                """.formatted(name) + test);
        Profile p = lab.resolve(ProfileLoader.load(file));
        RunHandle handle = RunEngine.start(p, RunOptions.defaults().withRunsRoot(tmp.resolve("runs"))
                .withTransport(TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot())), null);
        RunSummary s = handle.await(Duration.ofSeconds(600));
        assertTrue(s.error() == null, "run " + s.status() + ": " + s.error() + "; see " + handle.runDirectory());
        return handle.runDirectory();
    }
}
