package dev.labdeck.controller.agent;

import dev.labdeck.protocol.AgentEvent;
import dev.labdeck.protocol.AgentInfo;
import dev.labdeck.protocol.RunSession;
import dev.labdeck.protocol.Sample;
import dev.labdeck.protocol.DpdkPortCounters;
import dev.labdeck.protocol.HttpLoadStart;
import dev.labdeck.protocol.HttpLoadStatus;
import dev.labdeck.protocol.ServiceOutput;
import dev.labdeck.protocol.ServiceInput;
import dev.labdeck.protocol.ServiceInputResult;
import dev.labdeck.protocol.ServiceOutputRequest;
import dev.labdeck.protocol.ServiceStart;
import dev.labdeck.protocol.ServiceStatus;
import dev.labdeck.protocol.SinkStart;
import dev.labdeck.protocol.SinkStatus;
import dev.labdeck.protocol.TrafficStart;
import dev.labdeck.protocol.TrafficStatus;
import dev.labdeck.protocol.XdpAttachRequest;
import dev.labdeck.protocol.XdpAttachment;
import dev.labdeck.protocol.XdpCounters;
import dev.labdeck.protocol.XdpObjectInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The controller's view of one agent, over HTTP/JSON with the run's bearer token. Every method
 * throws {@link AgentException} naming the host, the request and the agent's message.
 */
public interface AgentClient extends AutoCloseable {
    String host();

    AgentInfo info() throws AgentException;

    void startSession(RunSession session) throws AgentException;

    void heartbeat() throws AgentException;

    /** A heartbeat that gives up after {@code timeout}: a hung agent must not hold the next beat back. */
    void heartbeat(java.time.Duration timeout) throws AgentException;

    List<Sample> metrics() throws AgentException;

    /** Opens the event stream; callbacks run on a background thread until {@link #close()}. */
    void subscribe(Consumer<List<Sample>> samples, Consumer<AgentEvent> events) throws AgentException;

    /** The agent host's wall clock now. */
    dev.labdeck.protocol.AgentClock clock() throws AgentException;

    /** Which engine the source host would send {@code request} with, and why it skipped the others; sends nothing. */
    dev.labdeck.protocol.SourceEngine trafficEngine(TrafficStart request) throws AgentException;

    TrafficStatus startTraffic(TrafficStart request) throws AgentException;

    TrafficStatus trafficStatus() throws AgentException;

    TrafficStatus stopTraffic() throws AgentException;

    SinkStatus startSink(SinkStart request) throws AgentException;

    SinkStatus sinkStatus() throws AgentException;

    SinkStatus stopSink() throws AgentException;

    XdpObjectInfo uploadXdpObject(Path objectFile) throws AgentException;

    XdpAttachment attachXdp(XdpAttachRequest request) throws AgentException;

    List<XdpAttachment> xdpAttachments() throws AgentException;

    XdpCounters xdpCounters(String attachmentId) throws AgentException;

    void detachXdp(String attachmentId) throws AgentException;

    ServiceStatus startService(ServiceStart request) throws AgentException;

    List<ServiceStatus> services() throws AgentException;

    ServiceStatus service(String name) throws AgentException;

    ServiceStatus stopService(String name) throws AgentException;

    /** What a service wrote: its output or a file (the end of it when long), to read figures from. */
    ServiceOutput serviceOutput(String name, ServiceOutputRequest request) throws AgentException;

    /**
     * Copies a file a service wrote (relative to its working directory) to {@code target}; returns
     * its size in bytes. The agent refuses files over {@code AgentLimits.MAX_SERVICE_FILE_BYTES}.
     */
    long serviceFile(String name, String file, java.nio.file.Path target) throws AgentException;

    /** Writes a line to a running service's stdin; with awaitOutput, answers once its output confirms it. */
    ServiceInputResult serviceInput(String name, ServiceInput input) throws AgentException;

    /** The port counters of the run's DPDK services on the host, now. */
    List<DpdkPortCounters> dpdkPorts() throws AgentException;

    HttpLoadStatus startHttpLoad(HttpLoadStart request) throws AgentException;

    HttpLoadStatus httpLoad() throws AgentException;

    /** Ends the HTTP load early; its final figures. */
    HttpLoadStatus stopHttpLoad() throws AgentException;

    /** Asks the agent to stop everything of the run and exit. */
    void shutdown() throws AgentException;

    @Override
    void close();
}
