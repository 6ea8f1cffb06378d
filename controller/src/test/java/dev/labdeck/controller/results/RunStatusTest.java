package dev.labdeck.controller.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.labdeck.protocol.ProtocolJson;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The words summary.json says a run ended with: what CI scripts and the compare command read. */
class RunStatusTest {

    @Test
    void theStatusesAreTheirLowerCaseWordsInSummaryJsonAndOnScreen() throws Exception {
        List<String> words = List.of("passed", "failed", "error", "aborted", "running");
        assertEquals(words, Arrays.stream(RunStatus.values()).map(RunStatus::toString).toList());
        for (RunStatus s : RunStatus.values()) {
            assertEquals("\"" + s.json() + "\"", ProtocolJson.mapper().writeValueAsString(s));
            assertEquals(s, ProtocolJson.mapper().readValue("\"" + s.json() + "\"", RunStatus.class));
            assertEquals(s, RunStatus.of(s.name()), "read in any case");
        }
        assertThrows(IllegalArgumentException.class, () -> RunStatus.of("crashed"));
    }
}
