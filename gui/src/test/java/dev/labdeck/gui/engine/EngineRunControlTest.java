package dev.labdeck.gui.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.SummaryJson;
import dev.labdeck.gui.run.RunFigures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tiles' figures at the end of a run are read from summary.json as the engine wrote it. */
class EngineRunControlTest {

    @Test
    void theHttpLoadsAndTheServicesFiguresComeFromTheirSummarySections() throws Exception {
        RunSummary s = SummaryJson.parse("""
                {"status": "passed", "profile": "memif-http", "run_id": "r1",
                 "dst_cpu": {"host": "dst", "per_core": {}, "mean": 12.5},
                 "http": {"requests": 6250, "requests_per_s": 1250.4, "errors": 0, "rx_bytes": 1, "tx_bytes": 1,
                          "connections": 4, "duration_s": 5.0,
                          "latency_us": {"p50": 400, "p90": 700, "p99": 850, "p99_9": 990, "max": 1200, "mean": 450.5},
                          "status_codes": {"200": 6250}},
                 "services": {"client": {"host": "src", "figures": {"rps": 1249.9, "total": 6249},
                                         "figures_missing": {"p99": "no match of 'p99: ([0-9]+)' in its output"}},
                              "lb": {"host": "dst"}}}
                """);
        RunFigures f = EngineRunControl.figures(s);
        assertEquals(12.5, f.dstCpu());
        assertTrue(Double.isNaN(f.txPps()), "no traffic section: not measured");
        List<String> paths = f.more().stream().map(RunFigures.Figure::path).toList();
        assertEquals(List.of("http.requests_per_s", "http.latency_us.p99", "http.errors", "services.client.figures.rps",
                "services.client.figures.total", "services.client.figures.p99"), paths);
        assertEquals(1250.4, f.more().get(0).value());
        assertEquals(850, f.more().get(1).value());
        assertEquals(1249.9, f.more().get(3).value());
        RunFigures.Figure missing = f.more().get(5);
        assertTrue(Double.isNaN(missing.value()));
        assertEquals("no match of 'p99: ([0-9]+)' in its output", missing.missing());
    }
}
