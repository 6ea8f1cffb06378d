package dev.labdeck.controller.sweep;

/**
 * One combination a sweep measures.
 *
 * @param index   1-based, in the order measured
 * @param name    also the step's directory under {@code steps/}, e.g. {@code 03-100000pps-512B-xdp}
 * @param withXdp null when the profile compares no XDP against a baseline
 */
public record SweepStep(int index, String name, long ratePps, int packetSize, Boolean withXdp) {

    static SweepStep of(int index, long ratePps, int packetSize, Boolean withXdp) {
        String name = String.format(java.util.Locale.ROOT, "%02d-%dpps-%dB%s", index, ratePps, packetSize,
                withXdp == null ? "" : withXdp ? "-xdp" : "-baseline");
        return new SweepStep(index, name, ratePps, packetSize, withXdp);
    }
}
