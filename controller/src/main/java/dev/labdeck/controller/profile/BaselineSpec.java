package dev.labdeck.controller.profile;

/**
 * What to compare the run against.
 *
 * @param kind {@code without-xdp}: run the same traffic again with no XDP program (a kernel socket
 *             receives), or {@code run}: a previous run directory named by {@code run}
 */
public record BaselineSpec(String kind, String run) {}
