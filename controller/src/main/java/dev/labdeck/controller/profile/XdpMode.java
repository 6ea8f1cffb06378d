package dev.labdeck.controller.profile;

/** How an XDP program is attached: native (in the driver), generic (on the skb path, any interface) or offload (on the NIC). */
public enum XdpMode implements ProfileWord {
    NATIVE("native"),
    GENERIC("generic"),
    OFFLOAD("offload");

    private final String word;

    XdpMode(String word) {
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
