package dev.labdeck.controller.profile;

import java.util.List;

/** What a run is compared against (baseline.kind). */
public enum BaselineKind implements ProfileWord {
    /** The same traffic again with no XDP program: a kernel socket receives. */
    WITHOUT_XDP("without-xdp"),
    /** A previous run directory, named by baseline.run. */
    RUN("run");

    private final String word;

    BaselineKind(String word) {
        this.word = word;
    }

    @Override
    public String word() {
        return word;
    }

    @Override
    public List<String> aliases() {
        return this == WITHOUT_XDP ? List.of("without_xdp") : List.of();
    }

    @Override
    public String toString() {
        return word;
    }
}
