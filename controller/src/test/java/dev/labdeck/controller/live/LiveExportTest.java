package dev.labdeck.controller.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.protocol.Sample;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.labdeck.testkit.Eventually;
import org.junit.jupiter.api.Test;

/** The live export over real HTTP on the loopback interface, read with the JDK's HTTP client. */
class LiveExportTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void metricsShowTheLatestSampleOfEverySeriesInPrometheusTextFormat() throws Exception {
        try (LiveExport live = LiveExport.start(0)) {
            live.run("20261126-run", "lab-udp");
            live.phase(RunPhase.MEASURE);
            live.samples("dst", List.of(new Sample(1000, "sink.rx_pps", Map.of(), 9_000),
                    new Sample(1000, "cpu.core.util", Map.of("core", "1"), 42.5)));
            live.samples("dst", List.of(new Sample(2000, "sink.rx_pps", Map.of(), 9_990)));
            live.samples("src", List.of(new Sample(2000, "traffic.tx_packets", Map.of("flow", "0"), 12_345)));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + live.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"), r.headers().toString());
            String text = r.body();
            assertTrue(text.contains("# TYPE labdeck_sink_rx_pps gauge"), text);
            assertTrue(text.contains("labdeck_sink_rx_pps{host=\"dst\",run=\"20261126-run\"} 9990.0"), "the latest value: " + text);
            assertTrue(text.contains("labdeck_cpu_core_util{core=\"1\",host=\"dst\",run=\"20261126-run\"} 42.5"), text);
            assertTrue(text.contains("labdeck_traffic_tx_packets{flow=\"0\",host=\"src\",run=\"20261126-run\"} 12345.0"), text);
            assertTrue(text.contains("labdeck_run_info{phase=\"MEASURE\",profile=\"lab-udp\",run=\"20261126-run\"} 1"), text);
        }
    }

    @Test
    void eventsStreamSamplesPhasesAndTheEndAsServerSentEvents() throws Exception {
        try (LiveExport live = LiveExport.start(0)) {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + live.port() + "/events")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
            List<String> lines = new ArrayList<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    for (String l; (l = in.readLine()) != null; ) {
                        synchronized (lines) {
                            lines.add(l);
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the stream ends with the run
                }
            });
            // the handler registers its client before the first byte; wait for that comment line
            Eventually.await("the stream's opening comment", Duration.ofSeconds(20),
                    () -> snapshot(lines).stream().anyMatch(l -> l.startsWith(": LabDeck")), () -> snapshot(lines).toString());
            live.phase(RunPhase.MEASURE);
            live.samples("src", List.of(new Sample(1000, "traffic.tx_pps", Map.of(), 10_000)));
            live.finished(new dev.labdeck.controller.results.RunSummary(dev.labdeck.controller.results.RunStatus.PASSED, "p", "r1",
                    "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", "/tmp/r1", Map.of(), null, List.of(), null, null, Map.of()));
            reader.join(Duration.ofSeconds(20));
            List<String> got = snapshot(lines);
            assertTrue(got.contains("event: phase") && got.contains("data: {\"phase\":\"MEASURE\"}"), got.toString());
            int sample = got.indexOf("event: sample");
            assertTrue(sample >= 0, got.toString());
            assertTrue(got.get(sample + 1).startsWith("data: {\"host\":\"src\",\"samples\":[{") && got.get(sample + 1).contains("\"traffic.tx_pps\""),
                    got.get(sample + 1));
            assertTrue(got.contains("event: finished"), "the stream ends with the run: " + got);
        }
    }

    private static List<String> snapshot(List<String> lines) {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
