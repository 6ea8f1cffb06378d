package dev.labdeck.protocol;

/**
 * One port of one of the run's DPDK services, its counters since the process started, as DPDK's
 * telemetry reports them ({@code /ethdev/stats}); the controller takes two readings and subtracts.
 *
 * @param service    the profile's service name
 * @param filePrefix the service's EAL file prefix as the profile writes it
 * @param device     the port's device name, e.g. net_memif0 or net_af_packet0
 * @param timeMs     when the counters were read (the agent's clock)
 */
public record DpdkPortCounters(String service, String filePrefix, int port, String device, long timeMs,
                               long rxPackets, long txPackets, long rxBytes, long txBytes, long rxErrors,
                               long txErrors, long rxMissed, long rxNoMbuf) {}
