package dev.labdeck.gui.run;

import java.util.ArrayList;
import java.util.List;

/**
 * One chart line with bounded memory. The newest {@code fullResolutionMs} stay as they came (up
 * to half the capacity); older points move into an archive of equal-width time buckets, each the
 * mean of its samples. When the archive is full its buckets are merged in pairs and their width
 * doubles, so the whole history stays evenly covered: 10 Hz for an hour never grows past
 * {@code capacity} points. Not thread-safe: the UI thread owns it.
 */
public final class RollingSeries {
    private final long fullResolutionMs;
    // recent points, a ring buffer
    private final long[] recentTimes;
    private final double[] recentValues;
    private int recentStart, recentSize;
    // archived buckets, oldest first
    private final long[] archiveTimes;
    private final double[] archiveValues;
    private int archiveSize;
    private long bucketMs = 1;
    // the bucket being filled
    private long openStart = -1;
    private double openTimeSum, openValueSum;
    private int openCount;
    private long added;

    public RollingSeries(int capacity, long fullResolutionMs) {
        if (capacity < 8) throw new IllegalArgumentException("capacity must be at least 8");
        this.fullResolutionMs = fullResolutionMs;
        int recent = capacity / 2;
        recentTimes = new long[recent];
        recentValues = new double[recent];
        archiveTimes = new long[capacity - recent - 1];
        archiveValues = new double[capacity - recent - 1];
    }

    /** Points must come in time order; an older one than the last is dropped. */
    public void add(long timeMs, double value) {
        if (recentSize > 0 && timeMs < lastTime()) return;
        while (recentSize > 0 && (recentSize == recentTimes.length || recentTimeAt(0) < timeMs - fullResolutionMs)) {
            archive(recentTimeAt(0), recentValueAt(0));
            recentStart = (recentStart + 1) % recentTimes.length;
            recentSize--;
        }
        int slot = (recentStart + recentSize) % recentTimes.length;
        recentTimes[slot] = timeMs;
        recentValues[slot] = value;
        recentSize++;
        added++;
    }

    private void archive(long t, double v) {
        if (openCount > 0 && t >= openStart + bucketMs) closeBucket();
        if (openCount == 0) openStart = t;
        openTimeSum += t;
        openValueSum += v;
        openCount++;
    }

    private void closeBucket() {
        if (archiveSize == archiveTimes.length) {
            int w = 0;
            for (int r = 0; r < archiveSize; r += 2, w++) {
                if (r + 1 < archiveSize) {
                    archiveTimes[w] = (archiveTimes[r] + archiveTimes[r + 1]) / 2;
                    archiveValues[w] = (archiveValues[r] + archiveValues[r + 1]) / 2;
                } else {
                    archiveTimes[w] = archiveTimes[r];
                    archiveValues[w] = archiveValues[r];
                }
            }
            archiveSize = w;
            // new buckets as wide as the merged ones, so the next merge treats all history alike
            long spacing = archiveSize > 1 ? (archiveTimes[archiveSize - 1] - archiveTimes[0]) / (archiveSize - 1) : bucketMs;
            bucketMs = Math.max(bucketMs * 2, spacing);
        }
        archiveTimes[archiveSize] = Math.round(openTimeSum / openCount);
        archiveValues[archiveSize] = openValueSum / openCount;
        archiveSize++;
        openCount = 0;
        openTimeSum = 0;
        openValueSum = 0;
    }

    private long recentTimeAt(int i) {
        return recentTimes[(recentStart + i) % recentTimes.length];
    }

    private double recentValueAt(int i) {
        return recentValues[(recentStart + i) % recentValues.length];
    }

    /** Points held now: archived buckets, the open bucket, and the recent points. */
    public int size() {
        return archiveSize + (openCount > 0 ? 1 : 0) + recentSize;
    }

    public int capacity() {
        return archiveTimes.length + 1 + recentTimes.length;
    }

    /** How many points were ever added (more than {@link #size()} once old ones were merged). */
    public long added() {
        return added;
    }

    public long firstTime() {
        return size() == 0 ? 0 : timeAt(0);
    }

    public long lastTime() {
        return recentSize == 0 ? 0 : recentTimeAt(recentSize - 1);
    }

    public double lastValue() {
        return recentSize == 0 ? Double.NaN : recentValueAt(recentSize - 1);
    }

    public long timeAt(int i) {
        if (i < archiveSize) return archiveTimes[i];
        i -= archiveSize;
        if (openCount > 0) {
            if (i == 0) return Math.round(openTimeSum / openCount);
            i--;
        }
        return recentTimeAt(i);
    }

    public double valueAt(int i) {
        if (i < archiveSize) return archiveValues[i];
        i -= archiveSize;
        if (openCount > 0) {
            if (i == 0) return openValueSum / openCount;
            i--;
        }
        return recentValueAt(i);
    }

    /**
     * The points from {@code fromMs} on, averaged into at most {@code maxPoints} buckets so a
     * chart never draws more than it can show.
     */
    public List<Point> window(long fromMs, int maxPoints) {
        int size = size();
        int start = lowerBound(fromMs, size);
        int n = size - start;
        List<Point> out = new ArrayList<>(Math.max(0, Math.min(n, maxPoints)));
        if (n <= 0) return out;
        if (n <= maxPoints) {
            for (int i = start; i < size; i++) out.add(new Point(timeAt(i), valueAt(i)));
            return out;
        }
        double per = (double) n / maxPoints;
        for (int b = 0; b < maxPoints; b++) {
            int from = start + (int) Math.floor(b * per);
            int to = Math.min(size, start + (int) Math.floor((b + 1) * per));
            if (to <= from) continue;
            double tSum = 0, vSum = 0;
            for (int i = from; i < to; i++) {
                tSum += timeAt(i);
                vSum += valueAt(i);
            }
            int c = to - from;
            out.add(new Point(Math.round(tSum / c), vSum / c));
        }
        return out;
    }

    private int lowerBound(long t, int size) {
        int lo = 0, hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (timeAt(mid) < t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    public record Point(long timeMs, double value) {}
}
