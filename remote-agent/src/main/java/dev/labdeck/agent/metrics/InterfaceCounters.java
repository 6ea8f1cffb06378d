package dev.labdeck.agent.metrics;

/** Totals of one network interface since it came up. */
record InterfaceCounters(String name, long rxBytes, long rxPackets, long rxErrors, long rxDrops,
                         long txBytes, long txPackets, long txErrors, long txDrops) {}
