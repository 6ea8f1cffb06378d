package dev.labdeck.protocol;

/**
 * Attach an XDP program to an interface.
 *
 * @param object        {@code builtin:count} or the id of an uploaded object
 * @param mode          native, generic (skb) or offload
 * @param allowGeneric  fall back to generic mode when native fails (reported as a warning)
 * @param action        for the builtin: pass, drop or tx (reflect)
 */
public record XdpAttachRequest(String interfaceName, String object, String program, String mode,
                               boolean allowGeneric, String action) {}
