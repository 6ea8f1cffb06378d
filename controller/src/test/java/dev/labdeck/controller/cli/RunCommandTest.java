package dev.labdeck.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.testkit.FreePort;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code labdeck run} as a user types it: exit codes, what is printed, the run directory. */
class RunCommandTest {
    @TempDir
    Path tmp;
    @RegisterExtension
    final LabdeckTerminal terminal = new LabdeckTerminal();

    private static List<Integer> freeUdpPorts(int n) {
        return dev.labdeck.controller.engine.LoopbackRuns.freeUdpPorts(n);
    }

    private static void requireAgent() {
        Prerequisites.require(Files.isRegularFile(Prerequisites.repoRoot().resolve("remote-agent/target/labdeck-agent.jar")),
                "the agent jar is not built (./mvnw package builds it before the controller's tests)");
    }

    @Test
    void theBundledLoopbackProfileSendsAndReceivesAbout100000Packets() throws Exception {
        requireAgent();
        // the bundled profile as it is, but on UDP ports free right now: tests of others run at the same time
        List<Integer> ports = freeUdpPorts(4);
        String yaml = Files.readString(Prerequisites.repoRoot().resolve("profiles/local-loopback.yaml"));
        assertTrue(yaml.contains("ports: [12345, 12346, 12347, 12348]"), "the bundled profile's ports");
        Path profile = tmp.resolve("local-loopback.yaml");
        Files.writeString(profile, yaml.replace("ports: [12345, 12346, 12347, 12348]", "ports: " + ports));
        Path dir = tmp.resolve("loopback");
        int code = terminal.labdeck("run", profile.toString(), "--out", dir.toString()).exit();
        assertEquals(0, code, terminal::printed);
        JsonNode s = ProtocolJson.mapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals("passed", s.at("/status").asText());
        assertEquals(100_000, s.at("/traffic/tx_packets").asLong());
        assertEquals(100_000, s.at("/traffic/rx_packets").asLong());
        assertTrue(terminal.out().contains("PASSED  local-loopback"), terminal.out());
        assertTrue(terminal.out().contains("sent 100,000 packets, received 100,000"), terminal.out());
        assertTrue(terminal.out().contains("results: " + dir), terminal.out());
    }

    /** A profile {@code name}: one flow of 500 pps for 1 s over loopback on a free port, then {@code more}. */
    private Path oneSecondOnLoopback(String name, String more) throws java.io.IOException {
        return Files.writeString(tmp.resolve(name + ".yaml"), """
                name: %s
                hosts:
                  local:
                    transport: local
                traffic:
                  source: local
                  sink: local
                  destination: 127.0.0.1
                  flows: 1
                  ports: [%d]
                  rate_pps: 500
                  packet_size: 64
                  duration: 1s
                """.formatted(name, freeUdpPorts(1).getFirst()) + more);
    }

    @Test
    void aThresholdThatFailsExitsWith1() throws Exception {
        requireAgent();
        Path profile = oneSecondOnLoopback("strict", """
                thresholds:
                  - traffic.rx_packets >= 1000000
                """);
        int code = terminal.labdeck("run", profile.toString(), "--out", tmp.resolve("r").toString()).exit();
        assertEquals(1, code, terminal::printed);
        assertTrue(terminal.out().contains("FAILED traffic.rx_packets >= 1000000"), terminal.out());
        assertTrue(Files.readString(tmp.resolve("r/junit.xml")).contains("<failure"));
    }

    /** Every CI job may say {@code --out results}: the run ids (agents, summary, live metrics) must still tell the runs apart. */
    @Test
    void runsInDirectoriesOfTheSameNameHaveDifferentIds() throws Exception {
        requireAgent();
        Path profile = oneSecondOnLoopback("twice", "");
        List<String> ids = new java.util.ArrayList<>();
        for (String job : List.of("job1", "job2")) {
            Path dir = tmp.resolve(job).resolve("results");
            LabdeckTerminal.Printed printed = terminal.labdeck("run", profile.toString(), "--out", dir.toString());
            assertEquals(0, printed.exit(), printed::toString);
            String id = ProtocolJson.mapper().readTree(dir.resolve("summary.json").toFile()).path("run_id").asText();
            assertTrue(id.matches("\\d{8}-\\d{6}-twice-[0-9a-f]{6}"), "time, profile and a random part: " + id);
            assertTrue(printed.out().lines().anyMatch(l -> l.equals("run " + id + " → " + dir)), printed.out());
            assertTrue(Files.readString(dir.resolve("events.jsonl")).contains("\"run " + id + " of profile twice"), "the plan names it");
            ids.add(id);
        }
        assertFalse(ids.getFirst().equals(ids.getLast()), "two runs, two ids: " + ids);
    }

    /**
     * An HTTP-only run from this machine's agent to a real HTTP server on loopback: while it measures,
     * the log's lines show requests/s, errors and p99 (not "tx - pps"); at the end the figures the
     * server's own count agrees with.
     */
    @Test
    void anHttpRunShowsRequestsPerSecondWhileItMeasuresAndItsFiguresAtTheEnd() throws Exception {
        requireAgent();
        java.util.concurrent.atomic.AtomicLong served = new java.util.concurrent.atomic.AtomicLong();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        byte[] page = "hello\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().transferTo(java.io.OutputStream.nullOutputStream());
            exchange.sendResponseHeaders(200, page.length);
            try (var out = exchange.getResponseBody()) {
                out.write(page);
            }
            served.incrementAndGet();
        });
        server.start();
        try {
            Path profile = Files.writeString(tmp.resolve("http.yaml"), """
                    name: http-only
                    hosts:
                      local:
                        transport: local
                    http:
                      host: local
                      url: http://127.0.0.1:%d/
                      connections: 2
                      duration: 3s
                    thresholds:
                      - http.errors == 0
                    """.formatted(server.getAddress().getPort()));
            Path dir = tmp.resolve("http");
            LabdeckTerminal.Printed printed = terminal.labdeck("run", profile.toString(), "--out", dir.toString());
            assertEquals(0, printed.exit(), printed::toString);
            List<String> measuring = printed.out().lines().filter(l -> l.startsWith("MEASURE")).toList();
            assertTrue(measuring.stream().anyMatch(l -> l.matches("MEASURE +[0-9.]+ s   http [0-9,]+\\.[0-9] req/s   errors 0   p99 [0-9,]+ µs")),
                    printed.out());
            assertTrue(measuring.stream().noneMatch(l -> l.contains("pps")), "no packet rates for HTTP: " + printed.out());
            JsonNode http = ProtocolJson.mapper().readTree(dir.resolve("summary.json").toFile()).path("http");
            assertEquals(served.get(), http.path("requests").asLong(), "the server's count: " + http);
            assertTrue(printed.out().contains(String.format(java.util.Locale.ROOT, "  HTTP: %,d requests answered, %,.1f requests/s over",
                    served.get(), http.path("requests_per_s").asDouble())), printed.out());
            assertTrue(printed.out().contains(String.format(java.util.Locale.ROOT, "  HTTP latency p50 %,d µs, p90 ",
                    http.path("latency_us").path("p50").asLong())), printed.out());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRunThatCannotReachItsHostExitsWith3NamingHostAndStep() throws Exception {
        int closed = FreePort.onLoopback();
        Path profile = tmp.resolve("far.yaml");
        Files.writeString(profile, """
                name: far
                hosts:
                  far:
                    address: 127.0.0.1
                    transport: ssh
                    port: %d
                    user: nobody
                traffic:
                  source: far
                  sink: far
                  flows: 1
                  ports: [23457]
                  rate_pps: 10
                  packet_size: 64
                  duration: 1s
                """.formatted(closed));
        Path dir = tmp.resolve("far");
        int code = terminal.labdeck("run", profile.toString(), "--out", dir.toString()).exit();
        assertEquals(3, code, terminal::printed);
        assertTrue(terminal.err().contains("the run failed: far: preflight: "), terminal.err());
        assertFalse(terminal.err().contains("\tat ") || terminal.out().contains("\tat "), "no stack trace: " + terminal.err());
        JsonNode s = ProtocolJson.mapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals("error", s.at("/status").asText());
        assertEquals("far", s.at("/error/host").asText());
        assertTrue(Files.size(dir.resolve("events.jsonl")) > 0);
        assertTrue(Files.exists(dir.resolve("metrics.csv")));
    }

    @Test
    void anInvalidProfileExitsWith2AndPointsAtTheLine() throws Exception {
        Path profile = tmp.resolve("broken.yaml");
        Files.writeString(profile, """
                name: broken
                hosts:
                  local:
                    transport: local
                traffic:
                  source: local
                  sink: local
                  rate_pps: -5
                  packet_size: 64
                  duration: 1s
                """);
        int code = terminal.labdeck("run", profile.toString()).exit();
        assertEquals(2, code, terminal::printed);
        assertTrue(terminal.err().lines().anyMatch(l -> l.matches(".*broken\\.yaml:8:\\d+: .*")), terminal.err());
        assertFalse(terminal.err().contains("\tat "), "no stack trace");
        assertEquals(2, terminal.labdeck("run", tmp.resolve("missing.yaml").toString()).exit());
    }

    @Test
    void dryRunPrintsThePlanAndTouchesNothing() {
        Path profile = Prerequisites.repoRoot().resolve("profiles/local-loopback.yaml");
        int code = terminal.labdeck("run", "--dry-run", profile.toString(), "--out", tmp.resolve("never").toString()).exit();
        assertEquals(0, code, terminal::printed);
        String plan = terminal.out();
        assertTrue(plan.contains("local: local (this machine, no SSH)"), plan);
        assertTrue(plan.contains("PREFLIGHT:") && plan.contains("MEASURE: local sends to local (127.0.0.1): 4 flow(s)"), plan);
        assertTrue(plan.contains("TEARDOWN:"), plan);
        assertFalse(Files.exists(tmp.resolve("never")), "a dry run writes no results");
    }

    @Test
    void anOutDirectoryThatHoldsARunIsRefused() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("used"));
        Files.writeString(dir.resolve("events.jsonl"), "");
        int code = terminal.labdeck("run", Prerequisites.repoRoot().resolve("profiles/local-loopback.yaml").toString(), "--out", dir.toString()).exit();
        assertEquals(2, code);
        assertTrue(terminal.err().contains("already holds a run"), terminal.err());
    }
}
