package dev.labdeck.controller.bench;

/** The benchmark could not run a step; the message names the sender and what failed. */
public final class BenchException extends Exception {
    public BenchException(String message) {
        super(message);
    }

    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
