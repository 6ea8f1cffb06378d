package dev.labdeck.protocol;

/** Metric names the agent emits. Counters are totals since start; rates are per second. */
public final class Metrics {
    public static final String CPU_CORE_UTIL = "cpu.core.util";        // percent, label core
    public static final String CPU_TOTAL_UTIL = "cpu.total.util";      // percent
    public static final String MEM_USED_BYTES = "mem.used_bytes";
    public static final String MEM_TOTAL_BYTES = "mem.total_bytes";
    public static final String IF_RX_PACKETS = "if.rx_packets";        // counter, label iface
    public static final String IF_TX_PACKETS = "if.tx_packets";
    public static final String IF_RX_BYTES = "if.rx_bytes";
    public static final String IF_TX_BYTES = "if.tx_bytes";
    public static final String IF_RX_ERRORS = "if.rx_errors";
    public static final String IF_TX_ERRORS = "if.tx_errors";
    public static final String IF_RX_DROPS = "if.rx_drops";
    public static final String IF_TX_DROPS = "if.tx_drops";
    public static final String IF_RX_PPS = "if.rx_pps";                // rate, label iface
    public static final String IF_TX_PPS = "if.tx_pps";
    public static final String TRAFFIC_TX_PACKETS = "traffic.tx_packets"; // counter, label flow
    public static final String TRAFFIC_TX_PPS = "traffic.tx_pps";       // rate, all flows
    public static final String TRAFFIC_TX_BYTES = "traffic.tx_bytes";   // counter, label flow
    public static final String TRAFFIC_TX_ERRORS = "traffic.tx_errors"; // counter, all flows
    public static final String SINK_RX_PACKETS = "sink.rx_packets";     // counter, label flow
    public static final String SINK_RX_PPS = "sink.rx_pps";             // rate, all flows
    public static final String SINK_LOST = "sink.lost";                 // counter, label flow
    public static final String SINK_RX_BYTES = "sink.rx_bytes";         // counter, label flow
    public static final String SINK_REORDERED = "sink.reordered";       // counter, label flow
    public static final String SINK_DUPLICATES = "sink.duplicates";     // counter, label flow
    public static final String SINK_LATENCY_P99_US = "sink.latency_p99_us"; // gauge, all flows: one-way p99 since the last sample
    public static final String SINK_FOREIGN = "sink.foreign";           // counter: packets without the LabDeck header
    public static final String XDP_PACKETS = "xdp.packets";             // counter, labels attachment, port|action (builtin)
    public static final String XDP_BYTES = "xdp.bytes";                 // counter, labels attachment, port (builtin)
    public static final String XDP_MAP_VALUE = "xdp.map_value";         // user objects: labels attachment, map, key
    public static final String DPDK_RX_PACKETS = "dpdk.rx_packets";     // counter, labels service, process (file prefix), port
    public static final String DPDK_TX_PACKETS = "dpdk.tx_packets";
    public static final String DPDK_RX_BYTES = "dpdk.rx_bytes";
    public static final String DPDK_TX_BYTES = "dpdk.tx_bytes";
    public static final String DPDK_RX_MISSED = "dpdk.rx_missed";
    public static final String DPDK_RX_ERRORS = "dpdk.rx_errors";
    public static final String DPDK_TX_ERRORS = "dpdk.tx_errors";
    public static final String DPDK_RX_NOMBUF = "dpdk.rx_nombuf";

    public static final String HTTP_REQUESTS = "http.requests";         // counter: requests answered
    public static final String HTTP_REQUESTS_PER_S = "http.requests_per_s"; // rate over the last sample interval
    public static final String HTTP_ERRORS = "http.errors";             // counter: status >= 400 or no answer
    public static final String HTTP_RX_BYTES = "http.rx_bytes";         // counter: bytes read from the connections (answers whole)
    public static final String HTTP_TX_BYTES = "http.tx_bytes";         // counter: bytes written to the connections (requests whole)
    public static final String HTTP_LATENCY_US = "http.latency_us";     // label quantile (p50, p99), last interval

    private Metrics() {}
}
