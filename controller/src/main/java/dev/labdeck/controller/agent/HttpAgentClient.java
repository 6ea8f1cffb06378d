package dev.labdeck.controller.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labdeck.protocol.AgentEvent;
import dev.labdeck.protocol.AgentInfo;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.ErrorResponse;
import dev.labdeck.protocol.ProtocolJson;
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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AgentClient} over HTTP/1.1 with {@code java.net.http}: every request carries the run's
 * bearer token, bodies use {@link ProtocolJson#mapper()}, and a non-2xx answer becomes an
 * {@link AgentException} naming host, request and the agent's {@link ErrorResponse} message.
 * The event stream is read on a virtual thread until {@link #close()}.
 */
public final class HttpAgentClient implements AgentClient {
    private static final Logger LOG = LoggerFactory.getLogger(HttpAgentClient.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private final String host;
    private final URI base;
    private final String token;
    private final HttpClient http;
    private final ObjectMapper json = ProtocolJson.mapper();
    private volatile Thread streamReader;
    private volatile InputStream stream;
    private volatile boolean closed;
    private volatile String lost;
    private final Startable<TrafficStatus> source = new Startable<>(Api.TRAFFIC_SOURCE, TrafficStatus.class);
    private final Startable<SinkStatus> sink = new Startable<>(Api.TRAFFIC_SINK, SinkStatus.class);
    private final Startable<HttpLoadStatus> httpLoad = new Startable<>(Api.HTTP_LOAD, HttpLoadStatus.class);

    public HttpAgentClient(String host, URI baseUri, String token) {
        this.host = host;
        String b = baseUri.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.token = token;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    @Override
    public String host() {
        return host;
    }

    /** Where this client sends its requests, e.g. http://127.0.0.1:41234. */
    public URI baseUri() {
        return base;
    }

    @Override
    public AgentInfo info() throws AgentException {
        return call("GET", Api.INFO, null, AgentInfo.class);
    }

    @Override
    public void startSession(RunSession session) throws AgentException {
        call("POST", Api.SESSION, session, Void.class);
    }

    @Override
    public void heartbeat() throws AgentException {
        call("POST", Api.HEARTBEAT, null, Void.class);
    }

    @Override
    public void heartbeat(Duration timeout) throws AgentException {
        call("POST", Api.HEARTBEAT, null, json.constructType(Void.class), timeout);
    }

    @Override
    public List<Sample> metrics() throws AgentException {
        return call("GET", Api.METRICS, null, listOf(Sample.class));
    }

    @Override
    public List<DpdkPortCounters> dpdkPorts() throws AgentException {
        return call("GET", Api.DPDK_PORTS, null, listOf(DpdkPortCounters.class));
    }

    @Override
    public HttpLoadStatus startHttpLoad(HttpLoadStart request) throws AgentException {
        return httpLoad.start(request);
    }

    @Override
    public HttpLoadStatus httpLoad() throws AgentException {
        return httpLoad.status();
    }

    @Override
    public HttpLoadStatus stopHttpLoad() throws AgentException {
        return httpLoad.stop();
    }

    @Override
    public dev.labdeck.protocol.AgentClock clock() throws AgentException {
        return call("GET", Api.CLOCK, null, dev.labdeck.protocol.AgentClock.class);
    }

    @Override
    public dev.labdeck.protocol.SourceEngine trafficEngine(TrafficStart request) throws AgentException {
        return call("POST", Api.TRAFFIC_ENGINE, request, dev.labdeck.protocol.SourceEngine.class);
    }

    @Override
    public TrafficStatus startTraffic(TrafficStart request) throws AgentException {
        return source.start(request);
    }

    @Override
    public TrafficStatus trafficStatus() throws AgentException {
        return source.status();
    }

    @Override
    public TrafficStatus stopTraffic() throws AgentException {
        return source.stop();
    }

    @Override
    public SinkStatus startSink(SinkStart request) throws AgentException {
        return sink.start(request);
    }

    @Override
    public SinkStatus sinkStatus() throws AgentException {
        return sink.status();
    }

    @Override
    public SinkStatus stopSink() throws AgentException {
        return sink.stop();
    }

    @Override
    public XdpObjectInfo uploadXdpObject(Path objectFile) throws AgentException {
        String what = "POST " + Api.XDP_OBJECTS;
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(objectFile);
        } catch (IOException e) {
            throw new AgentException(host, what, 0, "cannot read " + objectFile + ": " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(objectFile)) {
            throw new AgentException(host, what, 0, objectFile + " is not a file", null);
        }
        HttpRequest req = request(Api.XDP_OBJECTS).header("Content-Type", "application/octet-stream")
                .timeout(Duration.ofSeconds(60)).POST(body).build();
        return decode(what, send(what, req), json.constructType(XdpObjectInfo.class));
    }

    @Override
    public XdpAttachment attachXdp(XdpAttachRequest request) throws AgentException {
        return call("POST", Api.XDP_ATTACHMENTS, request, XdpAttachment.class);
    }

    @Override
    public List<XdpAttachment> xdpAttachments() throws AgentException {
        return call("GET", Api.XDP_ATTACHMENTS, null, listOf(XdpAttachment.class));
    }

    @Override
    public XdpCounters xdpCounters(String attachmentId) throws AgentException {
        return call("GET", Api.XDP_ATTACHMENTS + "/" + segment(attachmentId) + "/counters", null, XdpCounters.class);
    }

    @Override
    public void detachXdp(String attachmentId) throws AgentException {
        call("DELETE", Api.XDP_ATTACHMENTS + "/" + segment(attachmentId), null, Void.class);
    }

    @Override
    public ServiceStatus startService(ServiceStart request) throws AgentException {
        // readiness can take the service's whole start timeout before the agent answers
        Duration timeout = Duration.ofMillis(Math.max(REQUEST_TIMEOUT.toMillis(), request.startTimeoutMs() + 10_000));
        return call("POST", Api.SERVICES, request, json.constructType(ServiceStatus.class), timeout);
    }

    @Override
    public List<ServiceStatus> services() throws AgentException {
        return call("GET", Api.SERVICES, null, listOf(ServiceStatus.class));
    }

    @Override
    public ServiceStatus service(String name) throws AgentException {
        return call("GET", Api.SERVICES + "/" + segment(name), null, ServiceStatus.class);
    }

    @Override
    public ServiceOutput serviceOutput(String name, ServiceOutputRequest request) throws AgentException {
        return call("POST", Api.SERVICES + "/" + segment(name) + "/" + Api.SERVICE_OUTPUT, request, ServiceOutput.class);
    }

    @Override
    public long serviceFile(String name, String file, java.nio.file.Path target) throws AgentException {
        String path = Api.SERVICES + "/" + segment(name) + "/" + Api.SERVICE_FILE;
        String what = "POST " + path;
        if (closed || lost != null) {
            throw new AgentException(host, what, 0, closed ? "client already closed" : lost, null);
        }
        HttpRequest req;
        try {
            req = request(path).timeout(Duration.ofMinutes(5)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(new ServiceOutputRequest(file))))
                    .build();
        } catch (IOException e) {
            throw new AgentException(host, what, 0, "cannot encode request: " + e.getMessage(), e);
        }
        try {
            HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = resp.body()) {
                if (resp.statusCode() / 100 != 2) {
                    throw failure(what, resp.statusCode(), new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8));
                }
                java.nio.file.Files.createDirectories(target.toAbsolutePath().getParent());
                return java.nio.file.Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw unreachable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException(host, what, 0, "interrupted", e);
        }
    }

    @Override
    public ServiceInputResult serviceInput(String name, ServiceInput input) throws AgentException {
        // the agent may wait up to the input's timeout for the output that confirms it
        return call("POST", Api.SERVICES + "/" + segment(name) + "/" + Api.SERVICE_INPUT, input,
                json.constructType(ServiceInputResult.class), Duration.ofMillis(input.timeoutMs()).plusSeconds(30));
    }

    @Override
    public ServiceStatus stopService(String name) throws AgentException {
        // the agent answers after the stop signal's grace period (and SIGKILL if needed)
        return call("DELETE", Api.SERVICES + "/" + segment(name), null, json.constructType(ServiceStatus.class),
                Duration.ofSeconds(60));
    }

    /**
     * Marks the agent as lost (no heartbeat answered for the timeout): every later call fails at
     * once with {@code why}, so tear-down does not wait a request timeout per call on a dead host.
     */
    public void markLost(String why) {
        this.lost = why;
    }

    @Override
    public void shutdown() throws AgentException {
        call("POST", Api.SHUTDOWN, null, Void.class);
    }

    /** Asks the agent to stop and exit, giving up after {@code timeout} (a frozen agent must not hold the teardown). */
    public void shutdown(Duration timeout) throws AgentException {
        call("POST", Api.SHUTDOWN, null, json.constructType(Void.class), timeout);
    }

    @Override
    public void subscribe(Consumer<List<Sample>> samples, Consumer<AgentEvent> events) throws AgentException {
        String what = "GET " + Api.EVENTS;
        HttpRequest req = request(Api.EVENTS).header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException(host, what, 0, "interrupted", e);
        }
        if (resp.statusCode() / 100 != 2) {
            String body;
            try (InputStream in = resp.body()) {
                body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            throw failure(what, resp.statusCode(), body);
        }
        stream = resp.body();
        EventStreamParser parser = new EventStreamParser((name, data) -> dispatch(name, data, samples, events));
        streamReader = Thread.ofVirtual().name("labdeck-events-" + host).start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    parser.line(line);
                }
                if (!closed) {
                    LOG.warn("{}: the agent closed its event stream", host);
                }
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("{}: event stream broke: {}", host, e.getMessage());
                }
            }
        });
    }

    private void dispatch(String name, String data, Consumer<List<Sample>> samples, Consumer<AgentEvent> events) {
        try {
            if (Api.SSE_SAMPLE.equals(name)) {
                samples.accept(json.readValue(data, new TypeReference<List<Sample>>() {}));
            } else if (Api.SSE_EVENT.equals(name)) {
                events.accept(json.readValue(data, AgentEvent.class));
            } else {
                LOG.debug("{}: ignoring event stream entry '{}'", host, name);
            }
        } catch (IOException | RuntimeException e) {
            // one bad entry must not end the stream; the rest of the run's data still matters
            LOG.warn("{}: cannot use event stream entry '{}': {}", host, name, e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread reader = streamReader;
        InputStream in = stream;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is best effort; the client below is shut down anyway
            }
        }
        if (reader != null) {
            reader.interrupt();
        }
        http.shutdownNow();
    }

    /**
     * Something the agent runs at one path (the traffic source, the sink, HTTP load): started with
     * POST, read with GET, stopped with DELETE, each answered with its status.
     */
    private final class Startable<S> {
        private final String path;
        private final Class<S> status;

        Startable(String path, Class<S> status) {
            this.path = path;
            this.status = status;
        }

        S start(Object request) throws AgentException {
            return call("POST", path, request, status);
        }

        S status() throws AgentException {
            return call("GET", path, null, status);
        }

        /** The final status; an agent whose DELETE answers without a body is asked for it. */
        S stop() throws AgentException {
            S s = call("DELETE", path, null, status);
            return s != null ? s : status();
        }
    }

    private <T> T call(String method, String path, Object body, Class<T> type) throws AgentException {
        return call(method, path, body, json.constructType(type), REQUEST_TIMEOUT);
    }

    private <T> T call(String method, String path, Object body, JavaType type) throws AgentException {
        return call(method, path, body, type, REQUEST_TIMEOUT);
    }

    private <T> T call(String method, String path, Object body, JavaType type, Duration timeout) throws AgentException {
        String what = method + " " + path;
        HttpRequest.BodyPublisher publisher;
        if (body == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else {
            try {
                publisher = HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
            } catch (IOException e) {
                throw new AgentException(host, what, 0, "cannot encode request: " + e.getMessage(), e);
            }
        }
        HttpRequest.Builder b = request(path).timeout(timeout).method(method, publisher);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return decode(what, send(what, b.build()), type);
    }

    private JavaType listOf(Class<?> element) {
        return json.getTypeFactory().constructCollectionType(List.class, element);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
    }

    private HttpResponse<byte[]> send(String what, HttpRequest req) throws AgentException {
        if (closed) {
            throw new AgentException(host, what, 0, "client already closed", null);
        }
        if (lost != null) {
            throw new AgentException(host, what, 0, lost, null);
        }
        try {
            HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (resp.statusCode() / 100 != 2) {
                throw failure(what, resp.statusCode(), new String(resp.body(), StandardCharsets.UTF_8));
            }
            return resp;
        } catch (IOException e) {
            throw unreachable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException(host, what, 0, "interrupted", e);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T decode(String what, HttpResponse<byte[]> resp, JavaType type) throws AgentException {
        byte[] body = resp.body();
        if (type.getRawClass() == Void.class || body == null || body.length == 0) {
            return null;
        }
        try {
            return (T) json.readValue(body, type);
        } catch (IOException e) {
            throw new AgentException(host, what, resp.statusCode(), "unexpected answer from the agent: " + e.getMessage(), e);
        }
    }

    private AgentException failure(String what, int status, String body) {
        String message = null;
        try {
            ErrorResponse err = json.readValue(body, ErrorResponse.class);
            if (err != null && err.message() != null) {
                message = err.message();
            } else if (err != null && err.error() != null) {
                message = err.error();
            }
        } catch (IOException | RuntimeException notJson) {
            // not the agent's error format (e.g. a proxy's page); show what came back, shortened
        }
        if (message == null) {
            String b = body == null ? "" : body.strip();
            message = b.isEmpty() ? "no details" : (b.length() > 200 ? b.substring(0, 200) + "…" : b);
        }
        String hint = status == 401 ? " (the agent refused the run's token)" : "";
        return new AgentException(host, what, status, message + hint, null);
    }

    private AgentException unreachable(String what, IOException e) {
        String why;
        if (e instanceof HttpConnectTimeoutException) {
            why = "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
        } else if (e instanceof HttpTimeoutException) {
            why = "no answer in time";
        } else if (e instanceof ConnectException) {
            why = "connection refused at " + base + " (is the agent running?)";
        } else {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new AgentException(host, what, 0, why, e);
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
