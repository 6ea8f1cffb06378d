package dev.labdeck.controller.profile;

import dev.labdeck.protocol.TrafficEngine;

/**
 * How the traffic source sends ({@code traffic.engine}): {@code auto} takes the fastest engine
 * that the source host's agent proves works at PREFLIGHT and says why it skipped the others.
 */
public enum TrafficEngineChoice implements ProfileWord {
    AUTO(TrafficEngine.AUTO),
    XDP_LIVE(TrafficEngine.XDP_LIVE),
    PACKET_RING(TrafficEngine.PACKET_RING),
    SOCKET(TrafficEngine.SOCKET);

    private final TrafficEngine engine;

    TrafficEngineChoice(TrafficEngine engine) {
        this.engine = engine;
    }

    @Override
    public String word() {
        return engine.word();
    }

    /** The engine as the agent's protocol names it. */
    public TrafficEngine engine() {
        return engine;
    }

    @Override
    public String toString() {
        return word();
    }
}
