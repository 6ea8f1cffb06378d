package dev.labdeck.nativeio.dpdk;

/** {@code /ethdev/link_status,N}: up or down, and the speed in Mbit/s when up (0 otherwise). */
public record DpdkLinkStatus(int port, boolean up, long speedMbps, String duplex) {}
