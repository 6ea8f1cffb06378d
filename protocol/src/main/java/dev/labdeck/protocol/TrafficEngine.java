package dev.labdeck.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * How the traffic source puts packets on the wire. {@link #AUTO} lets the source host take the
 * fastest engine it can prove works there, naming why it skipped the faster ones.
 */
public enum TrafficEngine {
    /** The fastest engine that works on the source host. */
    AUTO("auto"),
    /** An XDP program run by {@code BPF_PROG_RUN} with live frames, transmitted with XDP_TX (Linux ≥ 5.18, root). */
    XDP_LIVE("xdp-live"),
    /** AF_PACKET TX_RING with {@code PACKET_QDISC_BYPASS}, trafgen's method (Linux, root). */
    PACKET_RING("packet-ring"),
    /** UDP sockets: one connected socket per flow; runs everywhere. */
    SOCKET("socket");

    private final String word;

    TrafficEngine(String word) {
        this.word = word;
    }

    /** The word in profiles, JSON and events, e.g. {@code xdp-live}. */
    @JsonValue
    public String word() {
        return word;
    }

    /** The engine called {@code word} (case-insensitive); a clear error lists the words. */
    @JsonCreator
    public static TrafficEngine of(String word) {
        if (word == null) return AUTO;
        for (TrafficEngine e : values()) {
            if (e.word.equals(word.toLowerCase(Locale.ROOT))) return e;
        }
        throw new IllegalArgumentException("unknown traffic engine '" + word + "'; one of "
                + Arrays.stream(values()).map(TrafficEngine::word).toList());
    }

    @Override
    public String toString() {
        return word;
    }
}
