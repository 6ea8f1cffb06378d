package dev.labdeck.controller.profile;

/** How a sweep's rates from {@code from_pps} to {@code to_pps} are spaced. */
public enum SweepScale implements ProfileWord {
    LINEAR("linear"), LOG("log");

    private final String word;

    SweepScale(String word) {
        this.word = word;
    }

    @Override
    public String word() {
        return word;
    }
}
