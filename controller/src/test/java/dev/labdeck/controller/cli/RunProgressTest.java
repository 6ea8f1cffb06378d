package dev.labdeck.controller.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.protocol.Metrics;
import dev.labdeck.protocol.Sample;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live line of {@code labdeck run} in a log (not a terminal): what it shows for what the run measures. */
class RunProgressTest {
    private static final String HOSTS = """
            name: p
            hosts:
              src: {transport: local}
            """;
    private static final String HTTP = """
            http: {host: src, url: "http://127.0.0.1:9/", duration: 5s}
            """;
    private static final String TRAFFIC = """
            traffic: {source: src, sink: src, destination: 127.0.0.1, rate_pps: 1000, packet_size: 64, duration: 5s}
            """;

    private final StringWriter printed = new StringWriter();

    private RunProgress progress(String yaml) throws Exception {
        return new RunProgress(new PrintWriter(printed), false, ProfileLoader.parse(HOSTS + yaml, "p.yaml"));
    }

    private static List<Sample> http(double perS, double errors, double p99) {
        return List.of(new Sample(1, Metrics.HTTP_REQUESTS, Map.of(), 926), new Sample(1, Metrics.HTTP_REQUESTS_PER_S, Map.of(), perS),
                new Sample(1, Metrics.HTTP_ERRORS, Map.of(), errors),
                new Sample(1, Metrics.HTTP_LATENCY_US, Map.of("quantile", "p50"), 13615),
                new Sample(1, Metrics.HTTP_LATENCY_US, Map.of("quantile", "p99"), p99));
    }

    @Test
    void anHttpRunShowsRequestsPerSecondErrorsAndP99NotPacketRates() throws Exception {
        RunProgress p = progress(HTTP);
        p.phase(RunPhase.WARMUP);
        p.phase(RunPhase.MEASURE);
        assertTrue(printed.toString().contains("http - req/s   errors -   p99 -"), "before the first sample: " + printed);
        p.samples("src", http(185.14, 3, 90431));
        String line = p.status();
        assertTrue(line.startsWith("MEASURE") && line.endsWith("   http 185.1 req/s   errors 3   p99 90,431 µs"), line);
        assertFalse(printed.toString().contains("pps"), "no packet rates for a run that sends no packets: " + printed);
    }

    @Test
    void aTrafficRunShowsItsPacketRatesAndARunWithBothShowsBoth() throws Exception {
        RunProgress t = progress(TRAFFIC);
        t.phase(RunPhase.MEASURE);
        t.samples("src", List.of(new Sample(1, Metrics.TRAFFIC_TX_PPS, Map.of(), 1000), new Sample(1, Metrics.SINK_RX_PPS, Map.of(), 999)));
        assertTrue(t.status().endsWith("   tx 1,000 pps   rx 999 pps"), t.status());
        assertFalse(t.status().contains("http"), t.status());

        RunProgress both = progress(TRAFFIC + HTTP);
        both.phase(RunPhase.MEASURE);
        both.samples("src", List.of(new Sample(1, Metrics.TRAFFIC_TX_PPS, Map.of(), 1000)));
        both.samples("dst", http(50, 0, 2000));
        assertTrue(both.status().endsWith("   tx 1,000 pps   rx - pps   http 50.0 req/s   errors 0   p99 2,000 µs"), both.status());
    }

    @Test
    void aRunWhoseServicesAreTheLoadSaysItHasNoLiveFigures() throws Exception {
        RunProgress p = progress("measure: {duration: 5s}\n");
        p.phase(RunPhase.MEASURE);
        assertTrue(p.status().endsWith("   no live figures: the services are the load; their figures come at the end"), p.status());
        assertFalse(p.status().contains("pps"), p.status());
    }
}
