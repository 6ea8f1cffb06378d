package dev.labdeck.gui.run;

import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.TrafficSpec;
import dev.labdeck.controller.run.RunPhase;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * How far a run is and how long it has left, per phase and in all. The timed phases (WARMUP,
 * MEASURE, COOLDOWN) last what the profile says; the others last what they took in the last run
 * of the same profile in this app, and are not known before one. The whole run's time left is
 * "about" when every phase still to come is known, and "at least" (the timed phases only) when not.
 */
final class RunProgress {
    /** One progress bar: {@code fraction} is 0..1, or -1 when it cannot be told (an indeterminate bar). */
    record Line(double fraction, String text) {
        static final Line NONE = new Line(0, "");
    }

    /**
     * Where a run that measures more than once is: a sweep's step of steps, or a search's trial
     * (its count is not known before the search ends), with the last trial's outcome.
     */
    record Iteration(int step, int steps, int packetSize, int trial, String lastTrial) {
        static final Iteration NONE = new Iteration(0, 0, 0, 0, null);

        static Iteration sweep(int step, int steps) {
            return new Iteration(step, steps, 0, 0, null);
        }

        static Iteration search(int packetSize, int trial, String lastTrial) {
            return new Iteration(0, 0, packetSize, trial, lastTrial);
        }

        boolean isSweep() {
            return step > 0;
        }

        boolean isSearch() {
            return trial > 0;
        }

        /** "Step 2 of 3" / "Trial 4": before a timed phase's name. */
        String phasePrefix() {
            return isSweep() ? "Step " + step + " of " + steps + " · " : isSearch() ? "Trial " + trial + " · " : "";
        }

        /** "Sweep step 2 of 3" / "Throughput search, 64-byte payloads · trial 4 (trial 3 at 500,000 pps passed)". */
        String runPrefix() {
            if (isSweep()) return "Sweep step " + step + " of " + steps + " · ";
            if (isSearch()) {
                return "Throughput search" + (packetSize > 0 ? ", " + packetSize + "-byte payloads" : "") + " · trial " + trial
                        + (lastTrial == null ? "" : " (" + lastTrial + ")") + " · ";
            }
            return "";
        }
    }

    private final Map<RunPhase, Long> plannedMs = new EnumMap<>(RunPhase.class);
    private final Map<RunPhase, Long> previousMs;

    /**
     * @param previousMs what each phase took in the last run of this profile (0 for a skipped one);
     *                   empty when there was none
     */
    RunProgress(Profile profile, Map<RunPhase, Long> previousMs) {
        this.previousMs = previousMs.isEmpty() ? Map.of() : new EnumMap<>(previousMs);
        TrafficSpec t = profile.traffic();
        if (t != null) {
            plannedMs.put(RunPhase.WARMUP, millis(t.warmup()));
            // a search's trials send for search.trial each, not traffic.duration
            plannedMs.put(RunPhase.MEASURE, millis(profile.search() != null && profile.search().trial() != null
                    ? profile.search().trial() : t.duration()));
            plannedMs.put(RunPhase.COOLDOWN, millis(t.cooldown()));
        } else if (profile.measureDuration() != null) {
            plannedMs.put(RunPhase.MEASURE, millis(profile.measureDuration()));
        }
    }

    private static long millis(Duration d) {
        return d == null ? 0 : d.toMillis();
    }

    /** What the phase should take: the profile's time for a timed phase, else the last run's; -1 when unknown. */
    long expectedMs(RunPhase p) {
        Long planned = plannedMs.get(p);
        if (planned != null) return planned;
        Long previous = previousMs.get(p);
        return previous == null ? -1 : previous;
    }

    Line phase(RunPhase active, long phaseElapsedMs) {
        return phase(active, phaseElapsedMs, Iteration.NONE);
    }

    /** @param it the sweep step or search trial being measured; {@link Iteration#NONE} when the run measures once */
    Line phase(RunPhase active, long phaseElapsedMs, Iteration it) {
        if (active == null) return Line.NONE;
        long expected = expectedMs(active);
        String name = (isTimed(active) ? it.phasePrefix() : "") + active.label();
        if (plannedMs.containsKey(active)) {
            long left = Math.max(0, expected - phaseElapsedMs);
            String text = name + "  " + seconds(phaseElapsedMs) + " of " + seconds(expected)
                    + (left > 0 ? " · " + seconds(left) + " left" : " · finishing");
            return new Line(expected <= 0 ? 1 : Math.min(1, (double) phaseElapsedMs / expected), text);
        }
        if (expected >= 0) {
            return new Line(expected == 0 ? 0.99 : Math.min(0.99, (double) phaseElapsedMs / expected),
                    name + "  " + seconds(phaseElapsedMs) + " · took " + seconds(expected) + " in the last run");
        }
        return new Line(-1, name + "  " + seconds(phaseElapsedMs));
    }

    /**
     * @param done the phases already over (done, failed or skipped); every other phase after
     *             {@code active} is still to come
     */
    Line run(RunPhase active, long phaseElapsedMs, long runElapsedMs, Set<RunPhase> done) {
        return run(active, phaseElapsedMs, runElapsedMs, done, Iteration.NONE);
    }

    /**
     * A sweep repeats WARMUP, MEASURE and COOLDOWN for every step: the steps after {@code step}
     * still take that each.
     */
    Line run(RunPhase active, long phaseElapsedMs, long runElapsedMs, Set<RunPhase> done, Iteration it) {
        if (active == null) return new Line(-1, "Run  " + clock(runElapsedMs) + " elapsed");
        int step = it.step(), steps = it.steps();
        // a search's trials after this one are not known: what is left is at least this trial's rest
        boolean repeats = it.isSweep() || it.isSearch();
        long left = 0;
        if (step > 0 && steps > step) {
            long perStep = 0;
            for (RunPhase p : plannedMs.keySet()) perStep += plannedMs.get(p);
            left += (steps - step) * perStep;
        }
        boolean allKnown = true;
        for (RunPhase p : RunPhase.values()) {
            // in a sweep a timed phase comes again in every step, so "done" does not mean over
            if (p.ordinal() < active.ordinal() || done.contains(p) && !(repeats && isTimed(p))) continue;
            long expected = expectedMs(p);
            if (expected < 0) {
                allKnown = false;
                continue;
            }
            left += p == active ? Math.max(0, expected - phaseElapsedMs) : expected;
        }
        double fraction = runElapsedMs + left <= 0 ? 0 : (double) runElapsedMs / (runElapsedMs + left);
        String text = it.runPrefix() + "Run  " + clock(runElapsedMs) + " elapsed · "
                + (it.isSearch() ? "at least " + clock(left) + " left (the search decides how many trials)"
                        : allKnown ? "about " + clock(left) + " left"
                        : "at least " + clock(left) + " left (other phases' times are known after a first run)");
        return new Line(allKnown && !it.isSearch() ? fraction : -1, text);
    }

    private boolean isTimed(RunPhase p) {
        return plannedMs.containsKey(p);
    }

    /** "2.5 s" under ten seconds, "18 s" from there. */
    static String seconds(long ms) {
        return ms < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0) : Math.round(ms / 1000.0) + " s";
    }

    static String clock(long ms) {
        long s = Math.round(Math.max(0, ms) / 1000.0);
        return String.format("%d:%02d", s / 60, s % 60);
    }
}
