package dev.labdeck.protocol;

/** API version and the HTTP paths the agent serves; every path is below {@link #BASE}. */
public final class Api {
    /** Bumped on any incompatible change; the controller refuses an agent with another version. */
    public static final int VERSION = 1;
    public static final String BASE = "/v1";
    public static final int DEFAULT_PORT = 8080;

    public static final String INFO = BASE + "/info";
    public static final String OPENAPI = BASE + "/openapi.json";
    /** POST {@link RunSession}: binds the agent to a run (sample interval, heartbeat timeout). */
    public static final String SESSION = BASE + "/session";
    /** POST, empty body: the controller's heartbeat for the dead-man switch. */
    public static final String HEARTBEAT = BASE + "/heartbeat";
    /** GET: one snapshot of system metrics as a list of {@link Sample}. */
    public static final String METRICS = BASE + "/metrics";
    /** GET: server-sent events; event names {@code sample} (data: list of Sample) and {@code event}. */
    public static final String EVENTS = BASE + "/events";
    /** POST {@link TrafficStart} starts, GET gives {@link TrafficStatus}, DELETE stops. */
    public static final String TRAFFIC_SOURCE = BASE + "/traffic/source";
    /**
     * POST {@link TrafficStart}: which engine the source would send it with, and why it skipped the
     * faster ones ({@link SourceEngine}); sends nothing to the destination. 503 when the asked engine
     * cannot work on this host.
     */
    public static final String TRAFFIC_ENGINE = BASE + "/traffic/engine";
    /** GET {@link AgentClock}: the host's wall clock now (PREFLIGHT measures the clock offset between source and sink). */
    public static final String CLOCK = BASE + "/clock";
    /** POST {@link SinkStart} starts, GET gives {@link SinkStatus}, DELETE stops. */
    public static final String TRAFFIC_SINK = BASE + "/traffic/sink";
    /** POST raw ELF bytes: uploads an XDP object, answers {@link XdpObjectInfo}. */
    public static final String XDP_OBJECTS = BASE + "/xdp/objects";
    /** POST {@link XdpAttachRequest} attaches, GET lists {@link XdpAttachment}; DELETE .../{id} detaches. */
    public static final String XDP_ATTACHMENTS = BASE + "/xdp/attachments";
    /** POST {@link ServiceStart} starts, GET lists {@link ServiceStatus}; .../{name} GET, DELETE stops. */
    public static final String SERVICES = BASE + "/services";
    /** Under {@link #SERVICES}/{name}: POST {@link ServiceOutputRequest}, answers {@link ServiceOutput}. */
    public static final String SERVICE_OUTPUT = "output";
    /** Under {@link #SERVICES}/{name}: POST {@link ServiceInput} writes a line to its stdin, answers {@link ServiceInputResult}. */
    public static final String SERVICE_INPUT = "input";
    /**
     * Under {@link #SERVICES}/{name}: POST {@link ServiceOutputRequest} (a file relative to its working
     * directory) answers the file's bytes whole ({@code application/octet-stream}), up to
     * {@link AgentLimits#MAX_SERVICE_FILE_BYTES}; larger ones are refused (413).
     */
    public static final String SERVICE_FILE = "file";
    /** GET: the port counters of the run's DPDK services, one {@link DpdkPortCounters} per port. */
    public static final String DPDK_PORTS = BASE + "/dpdk/ports";
    /** POST {@link HttpLoadStart} starts HTTP load, GET gives {@link HttpLoadStatus}, DELETE stops it. */
    public static final String HTTP_LOAD = BASE + "/http-load";
    /** POST: stop everything of the run (traffic, XDP, services) and exit. */
    public static final String SHUTDOWN = BASE + "/shutdown";

    /** SSE event names. */
    public static final String SSE_SAMPLE = "sample";
    public static final String SSE_EVENT = "event";

    private Api() {}
}
