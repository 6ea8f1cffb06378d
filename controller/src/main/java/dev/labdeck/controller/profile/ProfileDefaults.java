package dev.labdeck.controller.profile;

/**
 * Values the definition's defaults refer to. Every other default is written once, beside its
 * key, in the model record ({@link Key#orElse()}); {@link ProfileDefinition} gives them.
 */
public final class ProfileDefaults {

    /** LabDeck's own XDP program, shipped inside the agent. */
    public static final String BUILTIN_XDP_OBJECT = "builtin:count";
    /** The first destination port when a profile gives none: one port per flow from here on. */
    public static final int FIRST_TRAFFIC_PORT = 12345;

    private ProfileDefaults() {}
}
