package dev.labdeck.controller.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The search's arithmetic against a device model; the lab test (ThroughputSearchLabTest) uses a real tc policer. */
class ThroughputSearchTest {

    /** A device that drops everything above {@code limit} pps, fed by a source that reaches at most {@code generator} pps. */
    static ThroughputSearch.Trial<RuntimeException> device(long limit, long generator, double lossLimit) {
        return offered -> {
            double tx = Math.min(offered, generator);
            double rx = Math.min(tx, limit);
            long txPackets = Math.round(tx * 10);
            long rxPackets = Math.round(rx * 10);
            double loss = (txPackets - rxPackets) * 100.0 / txPackets;
            return ThroughputSearch.TrialOutcome.of(offered, tx, rx, txPackets, rxPackets, loss, tx < 0.9 * offered, lossLimit);
        };
    }

    @Test
    void findsTheDevicesLimitWithinTheResolution() {
        ThroughputSearch.Outcome o = ThroughputSearch.search(new ThroughputSearch.Settings(0.0, 1.0, 0, 1_000_000, 1_000),
                device(123_456, 10_000_000, 0.0));
        assertTrue(o.throughputPps() <= 123_456 && o.throughputPps() >= 123_456 * 0.99, "found " + o.throughputPps());
        assertFalse(o.generatorLimited());
        assertEquals(1_000_000, o.trials().getFirst().offeredPps(), "the first trial is at max_pps");
        assertTrue(o.trials().size() <= 12, "binary: " + o.trials().size() + " trials");
        assertTrue(o.verdict().startsWith("the device is the limit: "), o.verdict());
    }

    @Test
    void saysSoWhenTheGeneratorIsTheLimit() {
        ThroughputSearch.Outcome o = ThroughputSearch.search(new ThroughputSearch.Settings(0.0, 1.0, 0, 1_000_000, 1_000),
                device(5_000_000, 250_000, 0.0));
        assertEquals(250_000, o.throughputPps());
        assertTrue(o.generatorLimited());
        assertEquals(1, o.trials().size(), "the device lost nothing of what the source could send");
        assertTrue(o.verdict().startsWith("the generator was the limit"), o.verdict());
    }

    @Test
    void aLossLimitAboveZeroAcceptsThatMuchLoss() {
        // 2 % loss allowed: a device limited at 100k passes about 102k offered
        ThroughputSearch.Outcome o = ThroughputSearch.search(new ThroughputSearch.Settings(2.0, 0, 500, 200_000, 1_000),
                device(100_000, 10_000_000, 2.0));
        assertTrue(o.throughputPps() >= 101_500 && o.throughputPps() <= 102_041, "found " + o.throughputPps());
        List<Long> offered = o.trials().stream().map(ThroughputSearch.TrialOutcome::offeredPps).toList();
        assertEquals(offered.size(), offered.stream().distinct().count(), "no rate tried twice: " + offered);
    }

    @Test
    void nothingPassingIsAnAnswerToo() {
        ThroughputSearch.Outcome o = ThroughputSearch.search(new ThroughputSearch.Settings(0.0, 1.0, 0, 100_000, 5_000),
                device(1_000, 10_000_000, 0.0));
        assertNull(o.throughputPps());
        assertEquals(5_000, o.trials().getLast().offeredPps(), "the last trial is at min_pps");
        assertTrue(o.verdict().startsWith("no rate from 5,000 pps up met the loss limit"), o.verdict());
    }

    @Test
    void sweepRangesOnALogScaleAndEveryCombination() {
        assertEquals(List.of(10_000L, 100_000L, 1_000_000L), SweepPlan.range(10_000, 1_000_000, 3, true));
        assertEquals(List.of(10_000L, 505_000L, 1_000_000L), SweepPlan.range(10_000, 1_000_000, 3, false));
        List<SweepStep> steps = SweepPlan.steps(List.of(10_000L, 100_000L, 1_000_000L), List.of(64, 1518), true);
        assertEquals(12, steps.size());
        assertEquals("01-10000pps-64B-baseline", steps.getFirst().name());
        assertEquals("12-1000000pps-1518B-xdp", steps.getLast().name());
        assertEquals(6, SweepPlan.steps(List.of(10_000L, 100_000L, 1_000_000L), List.of(64, 1518), false).size());
    }
}
