package dev.labdeck.controller.profile;

import java.time.Duration;

/** What a profile means when it leaves a value out (also what the desktop app fills into new items). */
public final class ProfileDefaults {

    /** LabDeck's own XDP program, shipped inside the agent. */
    public static final String BUILTIN_XDP_OBJECT = "builtin:count";
    public static final int FIRST_TRAFFIC_PORT = 12345;
    public static final long RATE_PPS = 1000;
    public static final int PACKET_SIZE = 64;
    public static final Duration DURATION = Duration.ofSeconds(10);
    public static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(1);
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    public static final String STOP_SIGNAL = "TERM";
    public static final Duration STOP_GRACE = Duration.ofSeconds(5);
    public static final int SSH_PORT = 22;

    private ProfileDefaults() {}
}
