package dev.labdeck.nativeio.bpf;

/**
 * A program of a loaded {@link BpfObject}. Owned by the object: its fd is valid until the
 * object is closed.
 */
public record BpfProgram(String name, int fd) {}
