package dev.labdeck.controller.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.engine.RunEngine;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.results.RunStatus;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.ThresholdResult;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.controller.run.RunListener;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.testkit.Prerequisites;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures from a service's own output: iperf3 (a real perf tool) runs as two services on
 * loopback, the client as the load writing its JSON report to a file, the server printing its
 * summary. LabDeck reads a JSON pointer from the client's file and a regex from the server's
 * output into summary.json, and thresholds on them pass or fail the run.
 */
class ServiceFiguresRunTest {
    @TempDir
    Path dir;
    private Path runDir;

    @BeforeEach
    void needsAgentAndIperf3() {
        Prerequisites.requireLinux();
        Prerequisites.requireCommand("setsid", "util-linux");
        Prerequisites.requireCommand("iperf3", "iperf3");
        Prerequisites.require(Files.isRegularFile(Prerequisites.repoRoot().resolve("remote-agent/target/labdeck-agent.jar")),
                "the agent jar is not built (./mvnw package builds it before the controller's tests)");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** iperf3 server and client (200 Mbit/s for 1 s) on loopback, their figures, and the given thresholds. */
    private RunSummary run(String thresholds) throws Exception {
        int port = freePort();
        Path work = Files.createDirectories(dir.resolve("work"));
        String yaml = """
                name: iperf3-figures
                hosts:
                  local:
                    transport: local
                    services:
                      - name: server
                        command: [iperf3, --server, --port, "%1$d", --format, m, --forceflush]
                        readiness: {kind: tcp_port, port: %1$d}
                        figures:
                          - {name: received_mbps, regex: '([0-9.]+) Mbits/sec\\s+receiver'}
                          - {name: never_printed, regex: 'no such line: ([0-9]+)'}
                      - name: client
                        command: [iperf3, --client, 127.0.0.1, --port, "%1$d", --time, "1", --bitrate, 200M, --json,
                                  --logfile, c.json]
                        workdir: %2$s
                        role: load
                        after: [server]
                        figures:
                          - {name: bps, file: c.json, json_pointer: /end/sum_received/bits_per_second}
                          - {name: bytes, file: c.json, json_pointer: /end/sum_received/bytes}
                measure: {duration: 30s}
                thresholds:
                %3$s
                """.formatted(port, work, thresholds.indent(2).stripTrailing());
        RunOptions options = RunOptions.defaults().withRunsRoot(dir.resolve("runs"))
                .withTransport(TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot())
                        .withUserDir(dir.resolve("user")));
        RunHandle h = RunEngine.start(ProfileLoader.parse(yaml, "test.yaml"), options, new RunListener() {});
        RunSummary s = h.await(Duration.ofSeconds(120));
        runDir = h.runDirectory();
        return s;
    }

    private JsonNode services() throws Exception {
        return ProtocolJson.mapper().readTree(runDir.resolve("summary.json").toFile()).path("services");
    }

    @Test
    void figuresFromTheClientsJsonFileAndTheServersOutputLandInTheSummaryAndPassThresholds() throws Exception {
        RunSummary summary = run("""
                - services.client.figures.bps > 1000000
                - services.server.figures.received_mbps > 1
                """);
        assertTrue(summary.passed(), summary.status() + ": " + summary.error() + " " + summary.thresholds());
        JsonNode services = services();
        // the figure is exactly what iperf3 wrote in its report
        JsonNode report = ProtocolJson.mapper().readTree(dir.resolve("work/c.json").toFile());
        JsonNode client = services.path("client").path("figures");
        assertEquals(report.at("/end/sum_received/bits_per_second").asDouble(), client.path("bps").asDouble());
        assertEquals(report.at("/end/sum_received/bytes").asLong(), client.path("bytes").asLong());
        assertTrue(client.path("bytes").isIntegralNumber(), "a byte count stays a whole number: " + client);
        assertEquals("local", services.path("client").path("host").asText());
        // the server printed the same receiver rate (rounded to 3 digits in Mbit/s)
        double serverMbps = services.path("server").path("figures").path("received_mbps").asDouble();
        double clientMbps = client.path("bps").asDouble() / 1e6;
        assertEquals(clientMbps, serverMbps, clientMbps * 0.01, services.toString());
        // what cannot be read is said, not left out silently
        assertTrue(services.path("server").path("figures_missing").path("never_printed").asText().startsWith("nothing in "),
                services.toString());
        assertEquals(2, summary.thresholds().size());
        assertTrue(summary.thresholds().stream().allMatch(ThresholdResult::passed), summary.thresholds().toString());
    }

    @Test
    void aThresholdOnAServiceFigureFailsTheRunAndAMissingFigureIsNamed() throws Exception {
        RunSummary summary = run("""
                - services.client.figures.bps > 1000000000000
                - services.server.figures.never_printed == 0
                """);
        assertFalse(summary.passed());
        assertEquals(RunStatus.FAILED, summary.status());
        assertNull(summary.error(), "thresholds fail the run, nothing else: " + summary.error());
        ThresholdResult bps = summary.thresholds().get(0);
        assertFalse(bps.passed());
        assertEquals(services().path("client").path("figures").path("bps").asDouble(), bps.actual());
        assertTrue(bps.actual() > 1_000_000, "iperf3 measured " + bps.actual());
        ThresholdResult missing = summary.thresholds().get(1);
        assertFalse(missing.passed());
        assertNull(missing.actual());
        assertTrue(missing.message().contains("not in the summary"), missing.message());
    }
}
