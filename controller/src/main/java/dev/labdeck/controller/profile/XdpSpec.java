package dev.labdeck.controller.profile;

/**
 * An XDP program to attach during PREPARE and detach at TEARDOWN (an item of the profile's
 * {@code xdp} list).
 *
 * @param object        {@code builtin:count} or a path to the user's own .o on the controller
 * @param mode          native, generic or offload
 * @param allowGeneric  fall back to generic when native fails (and say so)
 * @param action        for the builtin: pass, drop or tx
 */
public record XdpSpec(
        @Key(required = true, what = "xdp host", doc = "host the program is attached on") String host,
        @Key(name = "interface", required = true, doc = "interface to attach to") String interfaceName,
        @Key(orElse = ProfileDefaults.BUILTIN_XDP_OBJECT, what = "xdp object",
                doc = "builtin:count or the path of your own XDP object file") String object,
        @Key(what = "xdp program", doc = "program name in the object; the builtin's when left out") String program,
        @Key(orElse = "native", what = "xdp mode", doc = "how the program is attached") XdpMode mode,
        @Key(orElse = "false", doc = "fall back to generic mode when native fails (and say so)") boolean allowGeneric,
        @Key(orElse = "pass", what = "xdp action", doc = "what the builtin does with counted packets")
        XdpAction action) {

    /** With the mode and action as words (native, pass), as the desktop app's choice lists give them. */
    public XdpSpec(String host, String interfaceName, String object, String program, String mode,
                   boolean allowGeneric, String action) {
        this(host, interfaceName, object, program, ProfileWord.of(XdpMode.class, mode), allowGeneric,
                ProfileWord.of(XdpAction.class, action));
    }
}
