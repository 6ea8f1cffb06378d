package dev.labdeck.controller.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.labdeck.controller.profile.HttpLoadSpec;
import dev.labdeck.protocol.HttpLoadStatus;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP load's figures in summary.json ({@code http.requests}, {@code http.requests_per_s},
 * {@code http.errors} and {@code errors_by_kind}, {@code http.latency_us.p99} ...), as the agent
 * counted them — {@code tx_bytes} and {@code rx_bytes} are what its connections carried, requests
 * and answers whole (lines, headers, bodies) — beside what the
 * profile asked ({@code requested_duration_s}, {@code requested_rate_per_s}, absent for a closed
 * loop) and, in {@code not_reached}, what of that the load did not reach, in words (absent when it
 * reached everything).
 */
public record HttpSummary(long requests, @JsonProperty("requests_per_s") double requestsPerS, long errors,
                          @JsonProperty("errors_by_kind") Map<String, Long> errorsByKind,
                          @JsonProperty("rx_bytes") long rxBytes, @JsonProperty("tx_bytes") long txBytes,
                          int connections, @JsonProperty("duration_s") double durationS,
                          @JsonProperty("requested_duration_s") double requestedDurationS,
                          @JsonProperty("requested_rate_per_s") Long requestedRatePerS,
                          @JsonProperty("latency_us") Map<String, Object> latencyUs,
                          @JsonProperty("status_codes") Map<String, Long> statusCodes,
                          @JsonProperty("last_error") String lastError,
                          @JsonProperty("not_reached") Map<String, String> notReached) {

    /** Below this share of the requests its rate asks for, a rate-limited load did not reach its rate (as traffic's 99.5 %). */
    static final double RATE_REACHED = 0.995;

    /**
     * @param endedBy why MEASURE ended (summary.json {@code measure.ended_by}): "duration", or what
     *                stopped it early
     */
    static HttpSummary of(HttpLoadStatus s, HttpLoadSpec asked, String endedBy) {
        Map<String, Object> lat = new LinkedHashMap<>();
        lat.put("p50", s.latency().p50Us());
        lat.put("p90", s.latency().p90Us());
        lat.put("p99", s.latency().p99Us());
        lat.put("p99_9", s.latency().p999Us());
        lat.put("max", s.latency().maxUs());
        lat.put("mean", Math.round(s.latency().meanUs() * 10) / 10.0);
        double seconds = s.endedAtMs() > s.startedAtMs() ? (s.endedAtMs() - s.startedAtMs()) / 1000.0 : 0;
        double askedSeconds = asked.duration().toMillis() / 1000.0;
        Map<String, String> notReached = new LinkedHashMap<>();
        if ("stopped".equals(s.state()) && seconds < askedSeconds) {
            notReached.put("duration", String.format(Locale.ROOT, "duration: requests were sent for %.3f s of the %s s asked"
                    + " (stopped early: %s)", seconds, plain(askedSeconds), "duration".equals(endedBy) ? "the run was stopping" : endedBy));
        }
        if (asked.rate() > 0) {
            long wanted = rateSlots(asked.rate(), asked.duration().toNanos());
            if (s.requests() < wanted * RATE_REACHED) {
                notReached.put("rate", String.format(Locale.ROOT, "rate: %,d requests answered of the %,d that %,d requests/s asks"
                        + " over %s s (%.1f %%)", s.requests(), wanted, asked.rate(), plain(askedSeconds), s.requests() * 100.0 / wanted));
            }
        }
        return new HttpSummary(s.requests(), Math.round(s.requestsPerSecond() * 10) / 10.0, s.errors(),
                s.errorsByKind() == null ? Map.of() : s.errorsByKind(), s.rxBytes(),
                s.txBytes(), s.connections(), seconds, askedSeconds, asked.rate() > 0 ? asked.rate() : null, lat,
                s.statusCodes(), s.lastError(), notReached.isEmpty() ? null : notReached);
    }

    /** How many requests a load at {@code rate} per second sends in {@code nanos}: one per slot, slot k at k / rate s, as the agent spaces them. */
    static long rateSlots(long rate, long nanos) {
        return java.math.BigInteger.valueOf(rate).multiply(java.math.BigInteger.valueOf(nanos))
                .add(java.math.BigInteger.valueOf(999_999_999L)).divide(java.math.BigInteger.valueOf(1_000_000_000L)).longValueExact();
    }

    private static String plain(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : String.format(Locale.ROOT, "%.3f", seconds);
    }
}
