package dev.labdeck.controller.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.profile.HttpLoadSpec;
import dev.labdeck.protocol.HttpLatency;
import dev.labdeck.protocol.HttpLoadStatus;
import dev.labdeck.protocol.ProtocolJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** summary.json's http section: the figures beside what the profile asked, and what of that was not reached, in words. */
class HttpSummaryTest {
    private static final HttpLatency LATENCY = new HttpLatency(926, 21195.94, 13615, 47359, 90431, 519167, 519167);

    private static HttpLoadSpec asked(long rate) {
        return new HttpLoadSpec("src", "http://10.0.0.2/", 4, Duration.ofSeconds(5), rate, 0, Duration.ofSeconds(5), List.of());
    }

    private static HttpLoadStatus status(String state, long requests, long ms) {
        return new HttpLoadStatus(state, 1_000, 1_000 + ms, 4, requests, 0, 0, 0, requests * 1000.0 / ms, LATENCY,
                Map.of("200", requests), null);
    }

    private static JsonNode json(HttpSummary s) {
        return ProtocolJson.mapper().valueToTree(s);
    }

    @Test
    void aClosedLoopThatRanItsDurationReachedEverythingItAsked() {
        JsonNode s = json(HttpSummary.of(status("done", 926, 5_004), asked(0), "duration"));
        assertEquals(5.0, s.path("requested_duration_s").asDouble());
        assertEquals(5.004, s.path("duration_s").asDouble());
        assertEquals(185.1, s.path("requests_per_s").asDouble());
        assertEquals(13615, s.path("latency_us").path("p50").asLong());
        assertEquals(21195.9, s.path("latency_us").path("mean").asDouble());
        assertEquals(true, s.path("requested_rate_per_s").isMissingNode(), "a closed loop asks no rate: " + s);
        assertEquals(true, s.path("not_reached").isMissingNode(), s.toString());
    }

    @Test
    void aRateThatTheServerCouldNotAnswerIsNotReached() {
        HttpSummary s = HttpSummary.of(status("done", 926, 5_004), asked(1000), "duration");
        assertEquals(1000L, s.requestedRatePerS());
        assertEquals(Map.of("rate", "rate: 926 requests answered of the 5,000 that 1,000 requests/s asks over 5 s (18.5 %)"),
                s.notReached());
    }

    @Test
    void aRateWhoseEverySlotWasAnsweredIsReached() {
        // 100 requests/s for 5 s: 500 slots; every one answered, the last answer 40 ms after the deadline
        assertNull(HttpSummary.of(status("done", 500, 5_040), asked(100), "duration").notReached());
        assertEquals(500, HttpSummary.rateSlots(100, Duration.ofSeconds(5).toNanos()));
        assertEquals(3, HttpSummary.rateSlots(3, Duration.ofSeconds(1).toNanos()));
        assertEquals(2, HttpSummary.rateSlots(3, Duration.ofMillis(500).toNanos()));
    }

    @Test
    void aLoadStoppedBeforeItsDurationSaysForHowLongAndWhy() {
        HttpSummary s = HttpSummary.of(status("stopped", 300, 3_200), asked(0), "load services exited");
        assertEquals(Map.of("duration", "duration: requests were sent for 3.200 s of the 5 s asked (stopped early: load services exited)"),
                s.notReached());
    }
}
