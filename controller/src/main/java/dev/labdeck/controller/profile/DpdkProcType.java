package dev.labdeck.controller.profile;

/** A DPDK process's part in a multi-process application (EAL {@code --proc-type}). */
public enum DpdkProcType implements ProfileWord {
    /** Owns the memory and the ports (a load balancer). */
    PRIMARY("primary"),
    /** Attaches to its primary's hugepage memory and ports (dpdk-pdump, the seed's client and server). */
    SECONDARY("secondary");

    private final String word;

    DpdkProcType(String word) {
        this.word = word;
    }

    @Override
    public String word() {
        return word;
    }

    @Override
    public String toString() {
        return word;
    }
}
