package dev.labdeck.controller.profile;

/** The kind of a link of the lab (a link's kind). */
public enum LinkKind implements ProfileWord {
    ETHERNET("ethernet"),
    MEMIF("memif");

    private final String word;

    LinkKind(String word) {
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
