package dev.labdeck.controller.profile;

/** How LabDeck knows a service is ready (a service's readiness.kind). */
public enum ReadinessKind implements ProfileWord {
    UNIX_SOCKET("unix_socket"),
    TCP_PORT("tcp_port"),
    LOG_LINE("log_line"),
    DPDK_LINK_UP("dpdk_link_up"),
    FILE_EXISTS("file_exists"),
    DELAY("delay");

    private final String word;

    ReadinessKind(String word) {
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
