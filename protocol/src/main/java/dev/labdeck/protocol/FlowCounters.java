package dev.labdeck.protocol;

/**
 * Counters of one flow, on the sending or the receiving side (lost, reordered and duplicates
 * are only known to the receiver, from sequence numbers).
 */
public record FlowCounters(int flowId, int port, long packets, long bytes, long lost, long reordered, long duplicates) {}
