package dev.labdeck.agent.traffic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class SequenceTrackerTest {
    /** packets, bytes, lost, reordered, duplicates, port */
    private static long[] after(long... seqs) {
        SequenceTracker t = new SequenceTracker();
        for (long s : seqs) t.record(s, 10, 5000);
        return t.counters();
    }

    @Test
    void inOrderHasNoLoss() {
        assertArrayEquals(new long[] {5, 50, 0, 0, 0, 5000}, after(0, 1, 2, 3, 4));
    }

    @Test
    void gapsAreLost() {
        assertArrayEquals(new long[] {3, 30, 2, 0, 0, 5000}, after(0, 2, 4));
    }

    @Test
    void aLateArrivalFillsItsGapAndCountsAsReordered() {
        assertArrayEquals(new long[] {5, 50, 0, 1, 0, 5000}, after(0, 1, 3, 2, 4));
    }

    @Test
    void duplicatesAreNotLossOrReordering() {
        assertArrayEquals(new long[] {6, 60, 0, 0, 2, 5000}, after(0, 1, 1, 2, 2, 3));
        assertArrayEquals(new long[] {4, 40, 0, 1, 1, 5000}, after(0, 2, 1, 1));
    }

    @Test
    void aJumpBeyondTheWindowForgetsOldSequenceNumbers() {
        long far = SequenceTracker.WINDOW * 3L;
        // 0, then far: everything between is lost; then 1 arrives very late (counted as reordered)
        assertArrayEquals(new long[] {3, 30, far - 2, 1, 0, 5000}, after(0, far, 1));
    }
}
