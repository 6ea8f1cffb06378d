package dev.labdeck.controller.agent;

/** An agent request failed; the message says host, request and what the agent answered. */
public class AgentException extends Exception {
    private final String host;
    private final int status;

    public AgentException(String host, int status, String message, Throwable cause) {
        super(host + ": " + message, cause);
        this.host = host;
        this.status = status;
    }

    public String host() {
        return host;
    }

    /** HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }
}
