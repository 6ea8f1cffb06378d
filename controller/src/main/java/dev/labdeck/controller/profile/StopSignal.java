package dev.labdeck.controller.profile;

/** The signal a service is stopped with, before SIGKILL after its grace period. */
public enum StopSignal implements ProfileWord {
    TERM("TERM"),
    INT("INT"),
    KILL("KILL"),
    HUP("HUP"),
    QUIT("QUIT"),
    USR1("USR1"),
    USR2("USR2");

    private final String word;

    StopSignal(String word) {
        this.word = word;
    }

    @Override
    public String word() {
        return word;
    }

    /** Also taken with a SIG prefix: SIGTERM. */
    @Override
    public java.util.List<String> aliases() {
        return java.util.List.of("SIG" + word);
    }

    /** The word as written in a profile, so messages and plans read as before. */
    @Override
    public String toString() {
        return word;
    }
}
