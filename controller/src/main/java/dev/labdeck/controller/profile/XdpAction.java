package dev.labdeck.controller.profile;

/** What LabDeck's builtin XDP program does with a packet after counting it. */
public enum XdpAction implements ProfileWord {
    PASS("pass"),
    DROP("drop"),
    TX("tx");

    private final String word;

    XdpAction(String word) {
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
