package dev.labdeck.controller.transport;

/** A failure reaching or using a host; the message names the host and what to do. */
public class TransportException extends Exception {
    private final String host;
    private final String reason;

    public TransportException(String host, String message) {
        this(host, message, null);
    }

    public TransportException(String host, String message, Throwable cause) {
        super(host + ": " + message, cause);
        this.host = host;
        this.reason = message;
    }

    public String host() {
        return host;
    }

    /** What went wrong and what to do, without the host. */
    public String reason() {
        return reason;
    }
}
