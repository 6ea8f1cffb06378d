package dev.labdeck.protocol;

import java.util.List;

/** Opens UDP sockets on the given ports and counts what arrives, per flow. */
public record SinkStart(String bindAddress, List<Integer> ports) {}
