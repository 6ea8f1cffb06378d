package dev.labdeck.controller.results;

/** One flow's figures: sent by the source, received by the sink (lost, reordered, duplicates from sequence numbers). */
public record FlowSummary(int flow, int port, long txPackets, long rxPackets, long lostPackets, double lossPercent,
                          long reordered, long duplicates) {}
