package dev.labdeck.agent.traffic;

import dev.labdeck.agent.refusal.FeatureException;

/** The traffic source or sink refuses a request: a bad flow, a port in use, a source already running. */
final class TrafficException extends FeatureException {

    private TrafficException(Refusal refusal, String message) {
        super(refusal, message);
    }

    static TrafficException invalid(String message) {
        return new TrafficException(Refusal.INVALID, message);
    }

    static TrafficException conflict(String message) {
        return new TrafficException(Refusal.CONFLICT, message);
    }

    static TrafficException unavailable(String message) {
        return new TrafficException(Refusal.UNAVAILABLE, message);
    }
}
