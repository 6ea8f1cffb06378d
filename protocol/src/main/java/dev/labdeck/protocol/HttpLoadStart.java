package dev.labdeck.protocol;

import java.util.List;

/**
 * Start HTTP load from the agent's host: {@code connections} keep-alive HTTP/1.1 connections to
 * {@code url}, each sending its next request as soon as the previous answer is in (closed loop),
 * until {@code durationMs} has passed.
 *
 * @param ratePerSecond  0 for as fast as the server answers, else at most this many requests per
 *                       second over all connections
 * @param requestBytes   0 sends GET; more sends POST with a body of this many bytes
 * @param timeoutMs      how long one request may take (connect or answer) before it counts as an error
 * @param cores          empty for any core; else each connection's thread is pinned to these cores
 */
public record HttpLoadStart(String url, int connections, long durationMs, long ratePerSecond, int requestBytes,
                            long timeoutMs, List<Integer> cores) {}
