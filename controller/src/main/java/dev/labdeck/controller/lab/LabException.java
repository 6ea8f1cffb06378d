package dev.labdeck.controller.lab;

/** The lab could not be built, checked or removed; the message says what happened and what to do. */
public class LabException extends Exception {
    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
