package dev.labdeck.controller.lab;

/** The chosen address range overlaps an address or route already on this machine. */
public class LabRangeInUseException extends LabException {
    public LabRangeInUseException(String message) {
        super(message);
    }
}
