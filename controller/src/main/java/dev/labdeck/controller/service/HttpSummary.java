package dev.labdeck.controller.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.labdeck.protocol.HttpLoadStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP load's figures in summary.json ({@code http.requests}, {@code http.requests_per_s},
 * {@code http.errors}, {@code http.latency_us.p99} ...), as the agent counted them.
 */
public record HttpSummary(long requests, @JsonProperty("requests_per_s") double requestsPerS, long errors,
                          @JsonProperty("rx_bytes") long rxBytes, @JsonProperty("tx_bytes") long txBytes,
                          int connections, @JsonProperty("duration_s") double durationS,
                          @JsonProperty("latency_us") Map<String, Object> latencyUs,
                          @JsonProperty("status_codes") Map<String, Long> statusCodes,
                          @JsonProperty("last_error") String lastError) {

    static HttpSummary of(HttpLoadStatus s) {
        Map<String, Object> lat = new LinkedHashMap<>();
        lat.put("p50", s.latency().p50Us());
        lat.put("p90", s.latency().p90Us());
        lat.put("p99", s.latency().p99Us());
        lat.put("p99_9", s.latency().p999Us());
        lat.put("max", s.latency().maxUs());
        lat.put("mean", Math.round(s.latency().meanUs() * 10) / 10.0);
        double seconds = s.endedAtMs() > s.startedAtMs() ? (s.endedAtMs() - s.startedAtMs()) / 1000.0 : 0;
        return new HttpSummary(s.requests(), Math.round(s.requestsPerSecond() * 10) / 10.0, s.errors(), s.rxBytes(),
                s.txBytes(), s.connections(), seconds, lat, s.statusCodes(), s.lastError());
    }
}
