package dev.labdeck.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code labdeck run --metrics-port}: a real run of the loopback profile, its metrics read over HTTP while it sends. */
class LiveMetricsRunTest {
    @TempDir
    Path tmp;
    @RegisterExtension
    final LabdeckTerminal terminal = new LabdeckTerminal();

    @Test
    void prometheusReadsPacketCountsOfARunningTest() throws Exception {
        Prerequisites.require(Files.isRegularFile(Prerequisites.repoRoot().resolve("remote-agent/target/labdeck-agent.jar")),
                "the agent jar is not built (./mvnw package builds it before the controller's tests)");
        List<Integer> ports = dev.labdeck.controller.engine.LoopbackRuns.freeUdpPorts(4);
        String yaml = Files.readString(Prerequisites.repoRoot().resolve("profiles/local-loopback.yaml"))
                .replace("ports: [12345, 12346, 12347, 12348]", "ports: " + ports).replace("duration: 10s", "duration: 6s");
        Path profile = Files.writeString(tmp.resolve("loop.yaml"), yaml);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> terminal
                .labdeck("run", profile.toString(), "--out", tmp.resolve("run").toString(), "--metrics-port", "0").exit());

        Pattern live = Pattern.compile("live: http://127\\.0\\.0\\.1:(\\d+)/metrics");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        // the figures are labelled with the run's id, which the CLI prints first: "run <id> → <directory>"
        Pattern id = Pattern.compile("(?m)^run (\\S+) → ");
        String runId = Eventually.value("the run's id on the terminal", Duration.ofSeconds(60), () -> {
            Matcher m = id.matcher(terminal.out());
            return m.find() ? m.group(1) : null;
        }, java.util.Objects::nonNull);
        Pattern sent = Pattern.compile("(?m)^labdeck_(?:traffic_tx_packets|traffic_tx_pps|sink_rx_packets|sink_rx_pps)\\{[^}]*host=\"local\",run=\""
                + Pattern.quote(runId) + "\"} ([0-9.E+]+)$");
        String[] seen = {""};
        // a scrape taken while the run measures shows what the source sent and the sink received so far
        Eventually.await("a live scrape with packets of the run in MEASURE", Duration.ofSeconds(180), () -> {
            Matcher m = live.matcher(terminal.out());
            if (!m.find()) return false;
            seen[0] = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            double counted = 0;
            if (seen[0].contains("labdeck_run_info{phase=\"MEASURE\",profile=\"local-loopback\",run=\"" + runId + "\"} 1")) {
                for (Matcher v = sent.matcher(seen[0]); v.find(); ) counted = Math.max(counted, Double.parseDouble(v.group(1)));
            }
            if (counted <= 0 && exit.isDone()) throw new AssertionError("the run ended before a scrape saw it measure: " + terminal.printed());
            return counted > 0;
        }, () -> seen[0]);
        assertEquals(0, exit.get(), terminal::printed);
    }
}
