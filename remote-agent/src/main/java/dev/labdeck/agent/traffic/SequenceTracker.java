package dev.labdeck.agent.traffic;

/**
 * What the receiver of one flow knows from sequence numbers: packets, unique sequence numbers,
 * late (reordered) arrivals and duplicates. A window of the last {@value #WINDOW} sequence numbers
 * tells a late packet from a duplicate; older ones are counted as reordered.
 */
final class SequenceTracker {
    static final int WINDOW = 1 << 16;
    private final long[] seen = new long[WINDOW / 64];
    private long highest = -1;
    private long unique;
    private long packets;
    private long bytes;
    private long reordered;
    private long duplicates;
    private int port;

    synchronized void record(long seq, int length, int onPort) {
        packets++;
        bytes += length;
        port = onPort;
        if (seq < 0) {
            duplicates++; // not something our source sends; keep it out of the loss arithmetic
            return;
        }
        if (seq > highest) {
            clearRange(highest + 1, seq);
            mark(seq);
            unique++;
            highest = seq;
        } else if (seq <= highest - WINDOW) {
            unique++;
            reordered++;
        } else if (marked(seq)) {
            duplicates++;
        } else {
            mark(seq);
            unique++;
            reordered++;
        }
    }

    /** Snapshot: packets, bytes, lost, reordered, duplicates, port. */
    synchronized long[] counters() {
        long lost = Math.max(0, highest + 1 - unique);
        return new long[] {packets, bytes, lost, reordered, duplicates, port};
    }

    private void clearRange(long from, long to) {
        if (to - from >= WINDOW) {
            java.util.Arrays.fill(seen, 0);
            return;
        }
        for (long s = from; s < to; s++) {
            int bit = (int) (s & (WINDOW - 1));
            seen[bit >>> 6] &= ~(1L << (bit & 63));
        }
    }

    private void mark(long seq) {
        int bit = (int) (seq & (WINDOW - 1));
        seen[bit >>> 6] |= 1L << (bit & 63);
    }

    private boolean marked(long seq) {
        int bit = (int) (seq & (WINDOW - 1));
        return (seen[bit >>> 6] & (1L << (bit & 63))) != 0;
    }
}
