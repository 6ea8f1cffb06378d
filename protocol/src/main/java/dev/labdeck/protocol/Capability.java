package dev.labdeck.protocol;

/** Capability names an agent reports in {@link AgentInfo#capabilities()}. */
public final class Capability {
    public static final String METRICS = "metrics";
    public static final String TRAFFIC_SOURCE = "traffic.source";
    public static final String TRAFFIC_SINK = "traffic.sink";
    public static final String XDP = "xdp";
    public static final String SERVICES = "services";
    public static final String DPDK_TELEMETRY = "dpdk.telemetry";
    public static final String CPU_AFFINITY = "cpu.affinity";
    public static final String HTTP_LOAD = "http.load";

    private Capability() {}
}
