package dev.labdeck.gui.run;

/** A host's line in the Run view: its name, state (deploying, ready, error, ...) and detail. */
public record HostStatus(String host, String state, String detail) {
    public boolean error() {
        return "error".equalsIgnoreCase(state) || "failed".equalsIgnoreCase(state);
    }
}
