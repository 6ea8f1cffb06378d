package dev.labdeck.gui.run;

import java.util.ArrayList;
import java.util.List;

/**
 * One chart line with bounded memory: the newest {@code fullResolutionMs} stay as they came;
 * when the buffer is full, everything older is halved by averaging neighbours, so a point of an
 * hour ago stands for many samples and 10 Hz for an hour never grows past {@code capacity}.
 * Not thread-safe: the UI thread owns it.
 */
public final class RollingSeries {
    private final int capacity;
    private final long fullResolutionMs;
    private final long[] times;
    private final double[] values;
    private int size;
    private long added;

    public RollingSeries(int capacity, long fullResolutionMs) {
        if (capacity < 8) throw new IllegalArgumentException("capacity must be at least 8");
        this.capacity = capacity;
        this.fullResolutionMs = fullResolutionMs;
        this.times = new long[capacity];
        this.values = new double[capacity];
    }

    /** Points must come in time order; an older one than the last is dropped. */
    public void add(long timeMs, double value) {
        if (size > 0 && timeMs < times[size - 1]) return;
        if (size == capacity) compact(timeMs);
        times[size] = timeMs;
        values[size] = value;
        size++;
        added++;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /** How many points were ever added (more than {@link #size()} once old ones were merged). */
    public long added() {
        return added;
    }

    public long firstTime() {
        return size == 0 ? 0 : times[0];
    }

    public long lastTime() {
        return size == 0 ? 0 : times[size - 1];
    }

    public double lastValue() {
        return size == 0 ? Double.NaN : values[size - 1];
    }

    public long timeAt(int i) {
        return times[i];
    }

    public double valueAt(int i) {
        return values[i];
    }

    /**
     * The points from {@code fromMs} on, averaged into at most {@code maxPoints} buckets so a
     * chart never draws more than it can show.
     */
    public List<Point> window(long fromMs, int maxPoints) {
        int start = lowerBound(fromMs);
        int n = size - start;
        List<Point> out = new ArrayList<>(Math.min(n, maxPoints));
        if (n <= 0) return out;
        if (n <= maxPoints) {
            for (int i = start; i < size; i++) out.add(new Point(times[i], values[i]));
            return out;
        }
        double per = (double) n / maxPoints;
        for (int b = 0; b < maxPoints; b++) {
            int from = start + (int) Math.floor(b * per);
            int to = Math.min(size, start + (int) Math.floor((b + 1) * per));
            if (to <= from) continue;
            double tSum = 0, vSum = 0;
            for (int i = from; i < to; i++) {
                tSum += times[i];
                vSum += values[i];
            }
            int c = to - from;
            out.add(new Point(Math.round(tSum / c), vSum / c));
        }
        return out;
    }

    private int lowerBound(long t) {
        int lo = 0, hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Halves the part older than the full-resolution window (or the older half, if all is recent). */
    private void compact(long now) {
        int old = lowerBound(now - fullResolutionMs);
        if (old < 2) old = size / 2; // the window itself is bigger than the buffer: merge its older half too
        int w = 0;
        for (int r = 0; r < old; r += 2) {
            if (r + 1 < old) {
                times[w] = (times[r] + times[r + 1]) / 2;
                values[w] = (values[r] + values[r + 1]) / 2;
            } else {
                times[w] = times[r];
                values[w] = values[r];
            }
            w++;
        }
        System.arraycopy(times, old, times, w, size - old);
        System.arraycopy(values, old, values, w, size - old);
        size = w + (size - old);
    }

    public record Point(long timeMs, double value) {}
}
