package dev.labdeck.protocol;

import java.util.List;

/**
 * Opens UDP sockets on the given ports and counts what arrives, per flow.
 *
 * @param payloads each flow's payload pattern by flow id ({@link PayloadPattern}): the sink checks
 *                 the bytes after LabDeck's header of that flow's packets against it and counts
 *                 the packets that differ; a flow left out, or {@code random}, is not checked
 */
public record SinkStart(String bindAddress, List<Integer> ports, java.util.Map<Integer, String> payloads) {

    /** Payloads not checked. */
    public SinkStart(String bindAddress, List<Integer> ports) {
        this(bindAddress, ports, java.util.Map.of());
    }
}
