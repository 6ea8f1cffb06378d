package dev.labdeck.controller.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RFC 2544 §26.1 throughput by binary search: the highest offered rate whose trial loses at most
 * {@code lossPercent} of what was sent. The first trial is at {@code maxPps}; then the interval
 * between the highest rate that passed and the lowest that failed is halved until it is no wider
 * than the resolution (percent of the failing rate, or whole pps).
 *
 * <p>When the source cannot send what is offered (its trial is generator-limited), a passing trial
 * counts at the rate really sent, and an answer reached that way says the generator, not the
 * device, was the limit: the device's throughput is at least that.
 */
public final class ThroughputSearch {

    /** Runs one trial at {@code offeredPps} and says what happened. */
    @FunctionalInterface
    public interface Trial<E extends Exception> {
        TrialOutcome run(long offeredPps) throws E;
    }

    /**
     * @param resolutionPercent stop when the failing and passing rates are this close, in percent of the failing one (0: unused)
     * @param resolutionPps     or this close in pps (0: unused); both given, either ends the search
     * @param minPps            the lowest rate worth a trial; below it the search gives up
     */
    public record Settings(double lossPercent, double resolutionPercent, long resolutionPps, long maxPps, long minPps) {
        public Settings {
            if (maxPps <= 0) throw new IllegalArgumentException("search.max_pps must be positive");
            if (resolutionPercent <= 0 && resolutionPps <= 0) throw new IllegalArgumentException("search.resolution must be positive");
            if (lossPercent < 0 || lossPercent >= 100) throw new IllegalArgumentException("search.loss_percent must be in [0, 100)");
            minPps = Math.max(1, minPps);
        }

        boolean narrowEnough(long passPps, long failPps) {
            long gap = failPps - passPps;
            return gap <= Math.max(0, resolutionPps) && resolutionPps > 0
                    || resolutionPercent > 0 && gap <= resolutionPercent / 100.0 * failPps
                    || gap <= 1;
        }
    }

    /** One trial's figures, as a row of the search's report. */
    public record TrialOutcome(long offeredPps, double txPps, double rxPps, long txPackets, long rxPackets,
                               double lossPercent, boolean generatorLimited, boolean passed) {

        /** Judged against the loss limit. */
        public static TrialOutcome of(long offeredPps, double txPps, double rxPps, long txPackets, long rxPackets,
                                      double lossPercent, boolean generatorLimited, double limitPercent) {
            return new TrialOutcome(offeredPps, txPps, rxPps, txPackets, rxPackets, lossPercent, generatorLimited,
                    txPackets > 0 && lossPercent <= limitPercent + 1e-9);
        }
    }

    /**
     * @param throughputPps null when not even {@code minPps} met the loss limit
     * @param verdict       the answer in a sentence, naming the limit (device or generator)
     */
    public record Outcome(Long throughputPps, boolean generatorLimited, List<TrialOutcome> trials, String verdict) {}

    private ThroughputSearch() {}

    public static <E extends Exception> Outcome search(Settings s, Trial<E> trial) throws E {
        List<TrialOutcome> trials = new ArrayList<>();
        long failing = -1; // lowest offered rate that lost too much
        long passing = 0;  // highest rate that passed (the rate really sent when the source fell short)
        boolean passingLimited = false;
        long offered = s.maxPps();
        while (true) {
            TrialOutcome t = trial.run(offered);
            trials.add(t);
            if (t.passed()) {
                long rate = t.generatorLimited() ? Math.min(offered, Math.round(t.txPps())) : offered;
                if (rate >= passing) {
                    passing = rate;
                    passingLimited = t.generatorLimited();
                }
                if (failing < 0) {
                    break; // the highest rate asked for passed: nothing above it to look for
                }
            } else {
                failing = failing < 0 ? offered : Math.min(failing, offered);
            }
            if (failing > 0 && s.narrowEnough(passing, failing)) break;
            long next = passing + (failing - passing) / 2;
            if (next < s.minPps()) {
                if (passing == 0 && trials.stream().noneMatch(x -> x.offeredPps() == s.minPps())) {
                    next = s.minPps();
                } else {
                    break;
                }
            }
            if (next == offered) break;
            offered = next;
        }
        Long throughput = passing > 0 ? passing : null;
        // the generator was the limit only if no trial showed the device losing at a rate the source really reached above it
        long passed = passing;
        if (passingLimited && trials.stream().anyMatch(t -> !t.passed() && t.txPps() > passed * 1.001)) {
            passingLimited = false;
        }
        String verdict;
        if (throughput == null) {
            verdict = String.format(Locale.ROOT, "no rate from %,d pps up met the loss limit of %s %%", s.minPps(), pct(s.lossPercent()));
        } else if (passingLimited) {
            verdict = String.format(Locale.ROOT, "the generator was the limit: it sent at most %,d pps and the device lost no more "
                    + "than %s %% of that; the device's throughput is at least %,d pps", throughput, pct(s.lossPercent()), throughput);
        } else if (failing < 0) {
            verdict = String.format(Locale.ROOT, "the device passed the highest rate asked for (max_pps %,d); its throughput is at least that",
                    throughput);
        } else {
            verdict = String.format(Locale.ROOT, "the device is the limit: %,d pps passed, %,d pps lost more than %s %% (%d trials)",
                    throughput, failing, pct(s.lossPercent()), trials.size());
        }
        return new Outcome(throughput, passingLimited, List.copyOf(trials), verdict);
    }

    private static String pct(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
