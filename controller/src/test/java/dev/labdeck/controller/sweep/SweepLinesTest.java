package dev.labdeck.controller.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labdeck.protocol.ProtocolJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the terminal says after a sweep or a search: every step, every answer, with the generator named when it fell short. */
class SweepLinesTest {

    @Test
    void aLinePerStepAndPerSearchAnswer() {
        StepFigures ok = new StepFigures("01-10000pps-64B", 10_000, 64, null, 30_000, 30_000, 0, 10_000, 10_000, 0, false,
                null, Map.of(), 0, 3000, "measured", 41.2, 90.0);
        StepFigures limited = new StepFigures("02-100000pps-64B", 100_000, 64, null, 107_710, 107_000, 710, 35_903.3, 35_666.7, 0.659,
                true, null, Map.of(), 0, 3000, "generator_limited");
        SearchSummary search = new SearchSummary(0.5, "2%", "2s", 10_000, List.of(new SearchSummary.Result(64, true, 5468L, false,
                "the device is the limit: 5,468 pps passed, 5,546 pps lost more than 0.5 % (8 trials)", List.of())));
        assertEquals(List.of(
                "step 01-10000pps-64B              sent    10,000 pps, received    10,000 pps, lost 0.000 %, p50 41.2 µs",
                "step 02-100000pps-64B             sent    35,903 pps, received    35,667 pps, lost 0.659 % (generator-limited: 100,000 pps asked)",
                "throughput, 64-byte payloads, with XDP: the device is the limit: 5,468 pps passed, 5,546 pps lost more than 0.5 % (8 trials)"),
                SweepLines.of(Map.of("sweep", ProtocolJson.mapper().valueToTree(new SweepSummary(List.of("rate_pps"), List.of(ok, limited))),
                        "search", ProtocolJson.mapper().valueToTree(search))).stream().sorted().toList());
        assertEquals(List.of(), SweepLines.of(Map.of()));
    }
}
