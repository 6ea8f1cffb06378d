package dev.labdeck.protocol;

/**
 * One-way latency of UDP test packets in microseconds: the sink's clock when a packet arrived
 * minus the send time the source wrote into it ({@link PayloadFormat#OFFSET_TIME}), recorded in an
 * HdrHistogram (3 significant digits). Across hosts it includes the offset between their clocks
 * (measured and stated at PREFLIGHT).
 *
 * @param samples   packets recorded
 * @param belowZero packets that arrived "before" they were sent by the two clocks (counted as 0 µs):
 *                  the sink's clock is behind the source's
 */
public record OneWayLatency(long samples, long belowZero, double p50, double p90, double p99, double p99_9, double max) {

    /** No packet recorded. */
    public static final OneWayLatency NONE = new OneWayLatency(0, 0, 0, 0, 0, 0, 0);
}
