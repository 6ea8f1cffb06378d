package dev.labdeck.controller.sweep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The steps of a sweep: every rate with every packet size, on each XDP side, in the order they are measured. */
public final class SweepPlan {

    private SweepPlan() {}

    /**
     * {@code steps} rates from {@code from} to {@code to}, both included: evenly spaced, or on a log
     * scale (the same ratio between neighbours), rounded to whole pps; duplicates after rounding dropped.
     */
    public static List<Long> range(long from, long to, int steps, boolean log) {
        if (from <= 0 || to <= 0) throw new IllegalArgumentException("sweep rates must be positive");
        if (steps < 1) throw new IllegalArgumentException("a sweep needs at least one step");
        if (steps == 1) return List.of(from);
        LinkedHashSet<Long> out = new LinkedHashSet<>();
        for (int i = 0; i < steps; i++) {
            double f = (double) i / (steps - 1);
            double v = log ? Math.exp(Math.log(from) + f * (Math.log(to) - Math.log(from))) : from + f * (to - from);
            out.add(Math.round(v));
        }
        return List.copyOf(out);
    }

    /**
     * Every rate with every size; with {@code compareXdp} first all without XDP (the baseline,
     * measured before the programs are attached) and then all with it.
     */
    public static List<SweepStep> steps(List<Long> rates, List<Integer> sizes, boolean compareXdp) {
        List<SweepStep> out = new ArrayList<>();
        List<Boolean> sides = compareXdp ? List.of(false, true) : java.util.Collections.singletonList(null);
        for (Boolean side : sides) {
            for (int size : sizes) {
                for (long rate : rates) {
                    out.add(SweepStep.of(out.size() + 1, rate, size, side));
                }
            }
        }
        return out;
    }
}
