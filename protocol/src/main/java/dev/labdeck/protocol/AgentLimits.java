package dev.labdeck.protocol;

/**
 * The limits the agent enforces on what it is asked to do. The agent refuses a request beyond
 * them; the controller's profile definition uses the same constants, so {@code labdeck validate}
 * refuses a profile that asks for more before any host is touched.
 */
public final class AgentLimits {

    /**
     * The highest total rate one traffic source accepts, over all its flows (packets per second).
     * Far above what any engine reaches on one host: a rate the host cannot reach is sent as fast
     * as it can and reported as generator-limited, not refused.
     */
    public static final long MAX_PPS = 1_000_000_000L;
    /** The most sending threads one traffic source runs (each pinned to its own core). */
    public static final int MAX_SENDER_THREADS = 64;
    /** The smallest UDP payload: LabDeck's payload header (see {@link PayloadFormat}). */
    public static final int MIN_PAYLOAD_BYTES = PayloadFormat.HEADER_BYTES;
    /** The largest UDP payload over IPv4. */
    public static final int MAX_PAYLOAD_BYTES = 65_507;
    /** UDP and TCP ports a flow, a sink or a probe may name. */
    public static final int MIN_PORT = 1;
    public static final int MAX_PORT = 65_535;
    /** Every flow has its own destination port on the sink, so there are at most as many flows as ports. */
    public static final int MAX_FLOWS = MAX_PORT - MIN_PORT + 1;
    /** The largest XDP object an agent takes in an upload; real objects are kilobytes, debug info included. */
    public static final long MAX_XDP_OBJECT_BYTES = 32L << 20;
    /** A service name: it names the service's log file and its journal entry on the host. */
    public static final String SERVICE_NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";
    /** The longest service name {@link #SERVICE_NAME_PATTERN} allows. */
    public static final int MAX_SERVICE_NAME = 64;

    /** The most of a service's output or file the agent hands back to read figures from (the end of it). */
    public static final int MAX_SERVICE_OUTPUT_BYTES = 4 * 1024 * 1024;

    /** The largest file of a service the agent hands over whole (a pcap for the run directory). */
    public static final long MAX_SERVICE_FILE_BYTES = 256L * 1024 * 1024;

    /** The longest a line written to a service's stdin waits for the output that confirms it. */
    public static final long MAX_SERVICE_INPUT_WAIT_MS = 60_000;

    /** The longest line LabDeck writes to a service's stdin. */
    public static final int MAX_SERVICE_INPUT_LINE = 1024;

    private AgentLimits() {}
}
