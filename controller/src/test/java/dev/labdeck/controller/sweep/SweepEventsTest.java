package dev.labdeck.controller.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fields of the sweep's and search's events: what the GUI reads instead of the message. */
class SweepEventsTest {
    private static final StepFigures FIGURES = new StepFigures("03-100000pps-512B-xdp", 100_000, 512, true, 200_000, 199_500, 500,
            100_000.0, 99_750.0, 0.25, false, null, Map.of(), 1_000, 3_000, "measured");

    @Test
    void aStepSaysWhichOfHowManyAndTheRateAndSizeAskedFor() {
        SweepStep step = SweepStep.of(3, 100_000, 512, true);
        assertEquals(Map.of("step", "3", "steps", "12", "name", "03-100000pps-512B-xdp", "rate_pps", "100000", "packet_size", "512",
                "xdp", "true"), SweepEvents.step(step, 12));
        assertFalse(SweepEvents.step(SweepStep.of(1, 2000, 64, null), 6).containsKey("xdp"), "no side without a baseline");
    }

    @Test
    void aFinishedStepCarriesItsFiguresInPlainDigits() {
        Map<String, String> d = SweepEvents.stepDone(SweepStep.of(3, 100_000, 512, true), 12, FIGURES);
        assertEquals("3", d.get("step"));
        assertEquals("200000", d.get("tx_packets"));
        assertEquals("199500", d.get("rx_packets"));
        assertEquals("500", d.get("lost_packets"));
        assertEquals("100000", d.get("tx_pps"));
        assertEquals("99750", d.get("rx_pps"));
        assertEquals("0.25", d.get("loss_percent"));
        assertEquals("false", d.get("generator_limited"));
    }

    @Test
    void aTrialSaysItsRateAndWhetherItPassed() {
        Map<String, String> d = SweepEvents.trial(2, "search-64B-trial02-5000pps", 5000, 64, null, FIGURES, false);
        assertEquals("2", d.get("trial"));
        assertEquals("5000", d.get("rate_pps"));
        assertEquals("64", d.get("packet_size"));
        assertEquals("failed", d.get("result"));
        assertEquals("passed", SweepEvents.trial(1, "t", 5000, 64, null, FIGURES, true).get("result"));
    }

    @Test
    void aSearchResultNamesTheThroughputOnlyWhenATrialPassed() {
        ThroughputSearch.Outcome found = new ThroughputSearch.Outcome(4_950L, false, List.of(), "the device is the limit");
        assertEquals("4950", SweepEvents.result(64, false, found).get("throughput_pps"));
        assertEquals("false", SweepEvents.result(64, false, found).get("xdp"));
        ThroughputSearch.Outcome none = new ThroughputSearch.Outcome(null, false, List.of(), "nothing passed");
        assertFalse(SweepEvents.result(64, null, none).containsKey("throughput_pps"));
        assertEquals("0", SweepEvents.result(64, null, none).get("trials"));
    }

    @Test
    void numbersAreNeverWrittenWithAnExponent() {
        assertEquals("10000000", SweepEvents.number(1.0e7));
        assertEquals("0.001", SweepEvents.number(0.001));
        assertEquals("0", SweepEvents.number(0.0));
    }
}
