package dev.labdeck.controller.profile;

/** A file a run writes besides summary.json (results.formats). */
public enum ResultFormat implements ProfileWord {
    JSON("json"),
    CSV("csv"),
    HTML("html"),
    JUNIT("junit");

    private final String word;

    ResultFormat(String word) {
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
