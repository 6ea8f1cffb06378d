package dev.labdeck.agent.http;

import dev.labdeck.agent.refusal.FeatureException;

/**
 * A request that cannot be served, answered with {@code status} and an
 * {@link dev.labdeck.protocol.ErrorResponse} carrying {@code code} and the message.
 */
public class HttpStatusException extends RuntimeException {
    private final int status;
    private final String code;

    public HttpStatusException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The status a feature's refusal is answered with. */
    public static HttpStatusException of(FeatureException e) {
        return switch (e.refusal()) {
            case INVALID -> badRequest(e.getMessage());
            case CONFLICT -> conflict(e.getMessage());
            case NOT_FOUND -> notFound(e.getMessage());
            case UNAVAILABLE -> unavailable(e.getMessage());
        };
    }

    public static HttpStatusException badRequest(String message) {
        return new HttpStatusException(400, "bad_request", message);
    }

    public static HttpStatusException notFound(String message) {
        return new HttpStatusException(404, "not_found", message);
    }

    /** The request is fine but the agent's state does not allow it, e.g. traffic already running. */
    public static HttpStatusException conflict(String message) {
        return new HttpStatusException(409, "conflict", message);
    }

    public static HttpStatusException unavailable(String message) {
        return new HttpStatusException(503, "unavailable", message);
    }
}
