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
            plannedMs.put(RunPhase.MEASURE, millis(t.duration()));
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
        return phase(active, phaseElapsedMs, 0, 0);
    }

    /** @param step the sweep step being measured (1-based) of {@code steps}; 0 when the run is no sweep */
    Line phase(RunPhase active, long phaseElapsedMs, int step, int steps) {
        if (active == null) return Line.NONE;
        long expected = expectedMs(active);
        String name = (step > 0 && isTimed(active) ? "Step " + step + " of " + steps + " · " : "") + active.label();
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
        return run(active, phaseElapsedMs, runElapsedMs, done, 0, 0);
    }

    /**
     * A sweep repeats WARMUP, MEASURE and COOLDOWN for every step: the steps after {@code step}
     * still take that each.
     */
    Line run(RunPhase active, long phaseElapsedMs, long runElapsedMs, Set<RunPhase> done, int step, int steps) {
        if (active == null) return new Line(-1, "Run  " + clock(runElapsedMs) + " elapsed");
        long left = 0;
        if (step > 0 && steps > step) {
            long perStep = 0;
            for (RunPhase p : plannedMs.keySet()) perStep += plannedMs.get(p);
            left += (steps - step) * perStep;
        }
        boolean allKnown = true;
        for (RunPhase p : RunPhase.values()) {
            // in a sweep a timed phase comes again in every step, so "done" does not mean over
            if (p.ordinal() < active.ordinal() || done.contains(p) && !(steps > 0 && isTimed(p))) continue;
            long expected = expectedMs(p);
            if (expected < 0) {
                allKnown = false;
                continue;
            }
            left += p == active ? Math.max(0, expected - phaseElapsedMs) : expected;
        }
        double fraction = runElapsedMs + left <= 0 ? 0 : (double) runElapsedMs / (runElapsedMs + left);
        String text = (steps > 0 ? "Sweep step " + step + " of " + steps + " · " : "") + "Run  " + clock(runElapsedMs) + " elapsed · "
                + (allKnown ? "about " + clock(left) + " left"
                        : "at least " + clock(left) + " left (other phases' times are known after a first run)");
        return new Line(allKnown ? fraction : -1, text);
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
