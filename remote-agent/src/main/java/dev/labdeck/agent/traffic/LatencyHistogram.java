package dev.labdeck.agent.traffic;

import dev.labdeck.protocol.OneWayLatency;
import org.HdrHistogram.Histogram;

/**
 * One flow's one-way latencies at the sink, in nanoseconds: everything since the sink started,
 * and the interval since the last sample (for the live p99). Written by the flow's receiver
 * thread, read by status and sample requests.
 */
final class LatencyHistogram {
    static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram total = new Histogram(SIGNIFICANT_DIGITS);
    private Histogram interval = new Histogram(SIGNIFICANT_DIGITS);
    private long belowZero;

    /** Records one packet's latency; a negative one (the clocks disagree) counts as 0 and as below zero. */
    synchronized void record(long nanos) {
        if (nanos < 0) {
            belowZero++;
            nanos = 0;
        }
        total.recordValue(nanos);
        interval.recordValue(nanos);
    }

    /** Adds everything recorded so far to {@code into}. */
    synchronized void addTotalTo(Histogram into) {
        into.add(total);
    }

    synchronized long belowZero() {
        return belowZero;
    }

    /** Adds what was recorded since the last call to {@code into}, and starts a new interval. */
    synchronized void takeIntervalInto(Histogram into) {
        into.add(interval);
        interval.reset();
    }

    synchronized OneWayLatency summary() {
        return summary(total, belowZero);
    }

    static Histogram empty() {
        return new Histogram(SIGNIFICANT_DIGITS);
    }

    /** The percentiles of {@code h} (nanoseconds) in microseconds, to 0.1 µs. */
    static OneWayLatency summary(Histogram h, long belowZero) {
        if (h.getTotalCount() == 0) return new OneWayLatency(0, belowZero, 0, 0, 0, 0, 0);
        return new OneWayLatency(h.getTotalCount(), belowZero, us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)),
                us(h.getValueAtPercentile(99)), us(h.getValueAtPercentile(99.9)), us(h.getMaxValue()));
    }

    static double us(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }
}
