package dev.labdeck.controller.profile;

/**
 * An XDP program to attach during PREPARE and detach at TEARDOWN.
 *
 * @param object        {@code builtin:count} or a path to the user's own .o on the controller
 * @param mode          native, generic or offload
 * @param allowGeneric  fall back to generic when native fails (and say so)
 * @param action        for the builtin: pass, drop or tx
 */
public record XdpSpec(String host, String interfaceName, String object, String program, String mode,
                      boolean allowGeneric, String action) {}
