package dev.labdeck.protocol;

/** An XDP program this agent attached; {@code mode} is the mode actually in effect. */
public record XdpAttachment(String id, String interfaceName, int ifindex, String object, String program,
                            String mode, String action, int programId, long attachedAtMs) {}
