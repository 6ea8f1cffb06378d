package dev.labdeck.protocol;

import java.util.Map;

/**
 * The HTTP load's figures so far (or final, once {@code state} is done or stopped).
 *
 * @param state          idle, running, done (its duration passed), stopped (asked to) or error
 * @param requests       requests answered, whatever the status code
 * @param errors         requests answered with a status of 400 or above, or not answered at all
 *                       (refused, reset, timed out)
 * @param rxBytes        bytes read from the connections: the answers' status lines, headers and bodies (the
 *                       TCP payload the load generator received)
 * @param txBytes        bytes written to the connections: the requests' lines, headers and bodies (the TCP
 *                       payload the load generator sent)
 * @param requestsPerSecond requests divided by the time from start to end (or to now)
 * @param statusCodes    answered requests by status code, e.g. {"200": 5120}
 * @param lastError      the last failure in words, e.g. "Connection refused", or null
 * @param errorsByKind   the errors by kind, adding up to {@code errors}: "status 503" for an answer of 400 or
 *                       above, else what became of the request ("connection refused", "timed out",
 *                       "connection reset", "closed without an answer", ...)
 */
public record HttpLoadStatus(String state, long startedAtMs, long endedAtMs, int connections, long requests,
                             long errors, long rxBytes, long txBytes, double requestsPerSecond,
                             HttpLatency latency, Map<String, Long> statusCodes, String lastError,
                             Map<String, Long> errorsByKind) {

    /** Without errors by kind (as before they were counted). */
    public HttpLoadStatus(String state, long startedAtMs, long endedAtMs, int connections, long requests, long errors,
                          long rxBytes, long txBytes, double requestsPerSecond, HttpLatency latency,
                          Map<String, Long> statusCodes, String lastError) {
        this(state, startedAtMs, endedAtMs, connections, requests, errors, rxBytes, txBytes, requestsPerSecond, latency,
                statusCodes, lastError, Map.of());
    }
}
