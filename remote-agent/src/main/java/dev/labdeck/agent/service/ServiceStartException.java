package dev.labdeck.agent.service;

/** A service could not be started at all (bad request, command not found, name in use). */
public class ServiceStartException extends Exception {
    /** True when the request itself is wrong (HTTP 400), false for a conflict (409) or a failed launch (422). */
    public enum Kind { INVALID, CONFLICT, LAUNCH_FAILED }

    private final Kind kind;

    public ServiceStartException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ServiceStartException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
