package dev.labdeck.protocol;

/** One UDP flow of a test: its id travels in every payload; ports identify it on the wire. */
public record Flow(int id, int dstPort, int srcPort) {}
