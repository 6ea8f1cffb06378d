package dev.labdeck.controller.results;

/**
 * How far the sink host's wall clock is ahead of the source host's, measured at PREFLIGHT through
 * the controller (each agent's clock against the middle of the request's round trip, the shortest
 * of a few): one-way latencies are by these two clocks and include this offset.
 *
 * @param offsetUs      sink clock minus source clock, in microseconds (0 when they are one host)
 * @param uncertaintyUs half of the two round trips it was measured over: the true offset lies within
 *                      {@code offsetUs ± uncertaintyUs}
 */
public record ClockOffset(String source, String sink, double offsetUs, double uncertaintyUs) {

    /** In words, for the event log. */
    public String describe() {
        if (source.equals(sink)) {
            return "source and sink are one host (" + source + "), one clock: one-way latencies need no correction";
        }
        return String.format(java.util.Locale.ROOT, "%s's clock is %.1f µs %s %s's (± %.1f µs, measured through the controller"
                        + " at PREFLIGHT); one-way latencies are by these clocks, uncorrected",
                sink, Math.abs(offsetUs), offsetUs >= 0 ? "ahead of" : "behind", source, uncertaintyUs);
    }
}
