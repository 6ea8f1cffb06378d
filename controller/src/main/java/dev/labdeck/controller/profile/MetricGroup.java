package dev.labdeck.controller.profile;

/** A group of figures an agent samples during a run (monitoring.metrics). */
public enum MetricGroup implements ProfileWord {
    CPU("cpu"),
    MEMORY("memory"),
    NETWORK("network"),
    XDP("xdp"),
    DPDK("dpdk");

    private final String word;

    MetricGroup(String word) {
        this.word = word;
    }

    @Override
    public String word() {
        return word;
    }

    /** The word as written in a profile, so messages and plans read as before. */
    @Override
    public String toString() {
        return word;
    }
}
