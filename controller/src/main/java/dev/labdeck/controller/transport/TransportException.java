package dev.labdeck.controller.transport;

/** A failure reaching or using a host; the message names the host and what to do. */
public class TransportException extends Exception {
    private final String host;

    public TransportException(String host, String message) {
        super(host + ": " + message);
        this.host = host;
    }

    public TransportException(String host, String message, Throwable cause) {
        super(host + ": " + message, cause);
        this.host = host;
    }

    public String host() {
        return host;
    }
}
