package dev.labdeck.controller.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labdeck.protocol.ProtocolJson;
import org.junit.jupiter.api.Test;

/** The sweep's curves: XDP and its baseline on one chart per figure, latency only when the steps have it. */
class SweepCurvesTest {

    private static ArrayNode steps(boolean latency) {
        ArrayNode a = ProtocolJson.mapper().createArrayNode();
        for (boolean xdp : new boolean[] {false, true}) {
            for (long rate : new long[] {10_000, 100_000, 1_000_000}) {
                ObjectNode st = a.addObject().put("rate_pps", rate).put("packet_size", 64).put("with_xdp", xdp)
                        .put("tx_pps", rate).put("rx_pps", Math.min(rate, xdp ? 400_000 : 150_000))
                        .put("loss_percent", rate > (xdp ? 400_000 : 150_000) ? 50.0 : 0.0);
                st.putObject("dst_cpu_per_core").put("0", rate / 20_000.0).put("1", 3.0);
                if (latency) {
                    st.put("latency_p50_us", 20.0 + rate / 10_000.0).put("latency_p99_us", 80.0 + rate / 5_000.0);
                }
            }
        }
        return a;
    }

    private static String render(JsonNode steps) {
        StringBuilder b = new StringBuilder();
        SweepCurves.render(b, steps);
        return b.toString();
    }

    @Test
    void xdpAndBaselineShareEachChartAndLatencyHasItsPercentiles() {
        String html = render(steps(true));
        for (String title : new String[] {"Received against sent rate", "Loss against sent rate",
                "One-way latency against sent rate", "CPU per core of the sink against sent rate"}) {
            assertTrue(html.contains(title), title);
        }
        assertEquals(4, html.split("<figure>", -1).length - 1, "four charts");
        for (String series : new String[] {"64 B, baseline: received", "64 B, XDP: received", "64 B, XDP: p50", "64 B, baseline: p99",
                "64 B, XDP: core 0", "64 B, baseline: core 1", "sent (no loss)"}) {
            assertTrue(html.contains(series), series);
        }
        assertTrue(html.contains("µs"), "latency in microseconds");
    }

    @Test
    void withoutLatencyFiguresThereIsNoLatencyChart() {
        String html = render(steps(false));
        assertFalse(html.contains("latency"), html);
        assertEquals(3, html.split("<figure>", -1).length - 1);
    }
}
