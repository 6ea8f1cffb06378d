package dev.labdeck.controller.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.profile.Threshold;
import dev.labdeck.controller.profile.Threshold.Comparison;
import dev.labdeck.protocol.ProtocolJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdEvaluatorTest {

    private static JsonNode summary() throws Exception {
        return ProtocolJson.mapper().readTree("""
                {"status":"passed","traffic":{"tx_packets":100000,"rx_packets":99950,"loss_percent":0.05,
                  "per_flow":[{"flow":0,"rx_packets":25000},{"flow":1,"rx_packets":24950}]},
                 "dst_cpu":{"mean":12.5},"xdp":{"packets":99950}}
                """);
    }

    @Test
    void lossBelowLimitHolds() throws Exception {
        ThresholdResult r = ThresholdEvaluator.evaluate(new Threshold("traffic.loss_percent", Comparison.LE, 0.1), summary());
        assertTrue(r.passed());
        assertEquals(0.05, r.actual());
        assertEquals("traffic.loss_percent <= 0.1", r.expression());
    }

    @Test
    void lossAboveLimitFailsAndSaysBothNumbers() throws Exception {
        ThresholdResult r = ThresholdEvaluator.evaluate(new Threshold("traffic.loss_percent", Comparison.LT, 0.01), summary());
        assertFalse(r.passed());
        assertEquals("traffic.loss_percent = 0.05, violates < 0.01", r.message());
    }

    @Test
    void everyComparisonAtItsEdge() {
        assertTrue(ThresholdEvaluator.holds(5, Comparison.GE, 5));
        assertFalse(ThresholdEvaluator.holds(5, Comparison.GT, 5));
        assertTrue(ThresholdEvaluator.holds(5, Comparison.LE, 5));
        assertFalse(ThresholdEvaluator.holds(5, Comparison.LT, 5));
        assertTrue(ThresholdEvaluator.holds(0.1 + 0.2, Comparison.EQ, 0.3));
        assertFalse(ThresholdEvaluator.holds(Double.NaN, Comparison.LE, 1));
    }

    @Test
    void pathsReachArraysAndExtraSections() throws Exception {
        List<ThresholdResult> rs = ThresholdEvaluator.evaluate(List.of(
                new Threshold("traffic.per_flow.1.rx_packets", Comparison.GE, 24000),
                new Threshold("xdp.packets", Comparison.EQ, 99950),
                new Threshold("dst_cpu.mean", Comparison.LT, 50)), summary());
        assertTrue(rs.stream().allMatch(ThresholdResult::passed), rs.toString());
    }

    @Test
    void aFigureTheRunDidNotMeasureFailsTheThreshold() throws Exception {
        ThresholdResult r = ThresholdEvaluator.evaluate(new Threshold("baseline.rx_pps", Comparison.GT, 0), summary());
        assertFalse(r.passed());
        assertNull(r.actual());
        assertTrue(r.message().contains("not in the summary"), r.message());
    }

    @Test
    void numbersAreWrittenAsPeopleWriteThem() {
        assertEquals("100000", ThresholdEvaluator.format(100000));
        assertEquals("0.1", ThresholdEvaluator.format(0.1));
        assertEquals("33.3333", ThresholdEvaluator.format(100.0 / 3));
    }
}
