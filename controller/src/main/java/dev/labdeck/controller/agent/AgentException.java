package dev.labdeck.controller.agent;

/**
 * An agent request failed. Host, request, HTTP status and reason are fields; the message joins
 * them for people: {@code dst: POST /v1/traffic/source failed with HTTP 400: payload_bytes missing}.
 */
public class AgentException extends Exception {
    private final String host;
    private final String request;
    private final int status;
    private final String reason;

    /**
     * @param request e.g. {@code GET /v1/info}
     * @param status  the HTTP status the agent answered, or 0 when no answer came
     * @param reason  what went wrong, in the agent's words when it said
     */
    public AgentException(String host, String request, int status, String reason, Throwable cause) {
        super(host + ": " + describe(request, status, reason), cause);
        this.host = host;
        this.request = request;
        this.status = status;
        this.reason = reason;
    }

    public String host() {
        return host;
    }

    /** The request that failed, e.g. {@code GET /v1/info}. */
    public String request() {
        return request;
    }

    /** HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    /** What went wrong, without host or request. */
    public String reason() {
        return reason;
    }

    /** Request, status and reason without the host: what a run failure on this host says. */
    public String detail() {
        return describe(request, status, reason);
    }

    private static String describe(String request, int status, String reason) {
        boolean refused = status != 0 && status / 100 != 2;
        return request + (refused ? " failed with HTTP " + status : "") + ": " + reason;
    }
}
