package dev.labdeck.agent.refusal;

/**
 * A feature refuses a request, in the feature's words: what is wrong and what to do. The HTTP
 * layer turns the {@link Refusal} into a status code; features never speak HTTP themselves.
 */
public class FeatureException extends RuntimeException {

    /** Why a request is refused; each maps to one HTTP status in {@code AgentHttpServer}. */
    public enum Refusal {
        /** The request itself is wrong (a port out of range, no flows). */
        INVALID,
        /** The request is fine but the agent's state does not allow it (traffic already running, a port in use). */
        CONFLICT,
        /** What the request names does not exist on this host. */
        NOT_FOUND,
        /** This host cannot do it (no libbpf, not root). */
        UNAVAILABLE
    }

    private final Refusal refusal;

    public FeatureException(Refusal refusal, String message) {
        super(message);
        this.refusal = refusal;
    }

    public FeatureException(Refusal refusal, String message, Throwable cause) {
        super(message, cause);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
