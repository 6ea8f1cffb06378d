package dev.labdeck.nativeio.dpdk;

/** One port's basic counters from {@code /ethdev/stats,N}: totals since the port started. */
public record DpdkPortStats(int port, long rxPackets, long txPackets, long rxBytes, long txBytes,
                            long rxMissed, long rxErrors, long txErrors, long rxNoMbuf) {}
