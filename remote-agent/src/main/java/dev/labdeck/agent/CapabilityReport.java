package dev.labdeck.agent;

import java.util.ArrayList;
import java.util.List;

/** What features say about this host in {@code /v1/info}: capabilities, or why one is missing. */
public final class CapabilityReport {
    private final List<String> capabilities = new ArrayList<>();
    private final List<String> unavailable = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** A capability name from {@link dev.labdeck.protocol.Capability}. */
    public CapabilityReport available(String capability) {
        capabilities.add(capability);
        return this;
    }

    /** Listed as "capability: why", e.g. "xdp: not Linux". */
    public CapabilityReport unavailable(String capability, String why) {
        unavailable.add(capability + ": " + why);
        return this;
    }

    public CapabilityReport warning(String message) {
        warnings.add(message);
        return this;
    }

    public List<String> capabilities() {
        return List.copyOf(capabilities);
    }

    public List<String> unavailable() {
        return List.copyOf(unavailable);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }
}
