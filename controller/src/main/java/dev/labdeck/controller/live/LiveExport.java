package dev.labdeck.controller.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.run.RunEvent;
import dev.labdeck.controller.run.RunListener;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.protocol.Sample;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a running test to other tools on {@code 127.0.0.1:<port>}: {@code /metrics} in the
 * Prometheus text format (the Prometheus Java client's exposition), {@code /events} as
 * server-sent events, {@code /} a short index. A {@link RunListener}: give it to the run beside
 * the terminal's or the app's listener, and close it when the run is over.
 */
public final class LiveExport implements RunListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveExport.class);

    private final LatestSamples latest = new LatestSamples();
    private final SampleStream stream = new SampleStream();
    private final HTTPServer server;

    private LiveExport(int port) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(latest);
        try {
            server = HTTPServer.builder().inetAddress(InetAddress.getLoopbackAddress()).port(port).registry(registry)
                    .executorService(Executors.newVirtualThreadPerTaskExecutor())
                    .defaultHandler(ex -> {
                        if (ex.getRequestURI().getPath().startsWith("/events")) {
                            stream.handle(ex);
                            return;
                        }
                        byte[] body = ("LabDeck live export of a running test\n/metrics  Prometheus text format: the latest sample of every series\n"
                                + "/events   server-sent events: sample, phase, event, finished\n").getBytes(StandardCharsets.UTF_8);
                        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                        ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/") ? 200 : 404, body.length);
                        try (OutputStream out = ex.getResponseBody()) {
                            out.write(body);
                        }
                    })
                    .buildAndStart();
        } catch (BindException e) {
            throw new IOException("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "); choose another --metrics-port, or 0 for any free port", e);
        }
        LOG.info("live export on http://127.0.0.1:{}/metrics and /events", server.getPort());
    }

    /**
     * Starts serving on the loopback interface.
     *
     * @param port 0 for any free port ({@link #port()} says which)
     * @throws IOException when the port is taken, with what to do about it
     */
    public static LiveExport start(int port) throws IOException {
        return new LiveExport(port);
    }

    public int port() {
        return server.getPort();
    }

    /** Names the run in every series ({@code run} label) once its id is known. */
    public void run(String runId, String profile) {
        latest.run(runId, profile);
    }

    @Override
    public void phase(RunPhase phase) {
        latest.phase(phase.label());
        stream.publish("phase", json(Map.of("phase", phase.label())));
    }

    @Override
    public void samples(String host, List<Sample> samples) {
        latest.add(host, samples);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", host);
        m.put("samples", samples);
        stream.publish("sample", json(m));
    }

    @Override
    public void event(RunEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", e.time().toString());
        m.put("level", e.level());
        m.put("phase", e.phase() == null ? null : e.phase().label());
        m.put("host", e.host());
        m.put("kind", e.kind());
        m.put("message", e.message());
        m.put("data", e.data());
        stream.publish("event", json(m));
    }

    @Override
    public void finished(RunSummary summary) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", summary.status().json());
        m.put("run_id", summary.runId());
        m.put("run_directory", summary.runDirectory());
        stream.publish("finished", json(m));
        stream.close();
    }

    @Override
    public void close() {
        stream.close();
        server.close();
    }

    private static String json(Object o) {
        try {
            return ProtocolJson.mapper().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serializable: " + o, e);
        }
    }
}
