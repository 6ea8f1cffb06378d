package dev.labdeck.gui.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RollingSeriesTest {

    @Test
    void tenHertzFromThreeHostsForAnHourStaysBounded() {
        // 3 hosts x (8 cores + 4 traffic/interface lines), 10 Hz, one hour
        int lines = 3 * 12;
        RollingSeries[] series = new RollingSeries[lines];
        for (int i = 0; i < lines; i++) series[i] = new RollingSeries(RunViewModel.SERIES_CAPACITY, RunViewModel.FULL_RESOLUTION_MS);
        long samples = 10L * 3600;
        for (long s = 0; s < samples; s++) {
            for (RollingSeries r : series) r.add(s * 100, s % 7);
        }
        for (RollingSeries r : series) {
            assertEquals(samples, r.added());
            assertTrue(r.size() <= RunViewModel.SERIES_CAPACITY, "size " + r.size());
            assertTrue(r.firstTime() < 10_000, "the first seconds are still there, downsampled: " + r.firstTime());
            assertEquals((samples - 1) * 100, r.lastTime());
        }
    }

    @Test
    void theNewestPointsKeepFullResolutionAndOlderOnesAreAveraged() {
        RollingSeries r = new RollingSeries(2400, 60_000);
        for (int s = 0; s < 36_000; s++) r.add(s * 100L, s < 18_000 ? 10 : 30);
        long last = r.lastTime();
        // the last minute: every 100 ms sample is there
        List<RollingSeries.Point> recent = r.window(last - 59_900, 10_000);
        assertEquals(600, recent.size());
        for (int i = 1; i < recent.size(); i++) assertEquals(100, recent.get(i).timeMs() - recent.get(i - 1).timeMs());
        // older points stand for many samples: the first half hour still averages 10
        double firstHalf = 0;
        int n = 0;
        for (int i = 0; i < r.size(); i++) {
            if (r.timeAt(i) < 1_700_000) {
                firstHalf += r.valueAt(i);
                n++;
            }
        }
        assertTrue(n > 0);
        assertEquals(10, firstHalf / n, 1e-9);
        assertTrue(r.timeAt(1) - r.timeAt(0) > 100, "old points are merged");
        // and evenly: no stretch of the archive is much coarser than another
        long first = r.timeAt(1) - r.timeAt(0), middle = r.timeAt(r.size() / 4 + 1) - r.timeAt(r.size() / 4);
        assertTrue(Math.abs(first - middle) <= first, first + " vs " + middle);
    }

    @Test
    void aWindowNeverDrawsMoreThanItsPointBudget() {
        RollingSeries r = new RollingSeries(8000, 1_000_000);
        for (int s = 0; s < 3000; s++) r.add(s * 100L, s);
        List<RollingSeries.Point> pts = r.window(0, 300);
        assertEquals(300, pts.size());
        double mean = pts.stream().mapToDouble(RollingSeries.Point::value).average().orElseThrow();
        assertEquals(1499.5, mean, 1.0);
        assertEquals(0, r.window(1_000_000, 300).size());
    }

    @Test
    void anOutOfOrderPointIsDropped() {
        RollingSeries r = new RollingSeries(16, 1000);
        r.add(100, 1);
        r.add(50, 2);
        assertEquals(1, r.size());
        assertEquals(1, r.lastValue());
    }
}
