package dev.labdeck.controller.profile;

/**
 * What to compare the run against (the profile's {@code baseline} section).
 *
 * @param kind {@code without-xdp}: run the same traffic again with no XDP program (a kernel socket
 *             receives), or {@code run}: a previous run directory named by {@code run}
 */
public record BaselineSpec(
        @Key(required = true, what = "baseline kind",
                doc = "without-xdp: the same traffic again with no XDP program; run: a previous run directory")
        BaselineKind kind,
        @Key(what = "baseline run", doc = "for kind run: the run directory to compare against") String run) {}
