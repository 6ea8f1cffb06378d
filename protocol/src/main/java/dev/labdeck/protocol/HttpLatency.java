package dev.labdeck.protocol;

/**
 * Latency of answered HTTP requests in microseconds, from sending the request to the last byte
 * of the answer, recorded in an HdrHistogram (3 significant digits).
 */
public record HttpLatency(long count, double meanUs, long p50Us, long p90Us, long p99Us, long p999Us, long maxUs) {}
