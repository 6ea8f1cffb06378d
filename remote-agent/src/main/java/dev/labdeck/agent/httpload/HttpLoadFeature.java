package dev.labdeck.agent.httpload;

import dev.labdeck.agent.AgentContext;
import dev.labdeck.agent.AgentEvents;
import dev.labdeck.agent.AgentFeature;
import dev.labdeck.agent.CapabilityReport;
import dev.labdeck.agent.http.HttpStatusException;
import dev.labdeck.agent.http.Reply;
import dev.labdeck.agent.http.Route;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.Capability;
import dev.labdeck.protocol.HttpLoadStart;
import dev.labdeck.protocol.HttpLoadStatus;
import dev.labdeck.protocol.Metrics;
import dev.labdeck.protocol.Sample;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** HTTP load from this host: its routes under {@link Api#HTTP_LOAD}, live samples, stop with the run. */
public final class HttpLoadFeature implements AgentFeature {
    private static final HttpLoadStatus IDLE = new HttpLoadStatus("idle", 0, 0, 0, 0, 0, 0, 0, 0,
            HttpLoad.latency(new Histogram(3)), Map.of(), null);

    private AgentEvents events;
    private volatile HttpLoad load;
    // the previous sample's totals, for the rate
    private long lastRequests;
    private long lastNanos;
    private boolean finalSampled;

    @Override
    public String name() {
        return "http-load";
    }

    @Override
    public void install(AgentContext context) {
        events = context.events();
        context.router()
                .add(Route.post(Api.HTTP_LOAD).summary("Start HTTP load: url, keep-alive connections in a closed loop, "
                                + "duration, optional rate and request body size")
                        .body(HttpLoadStart.class).returns(HttpLoadStatus.class).handle(r -> Reply.ok(start(r.json(HttpLoadStart.class)))))
                .add(Route.get(Api.HTTP_LOAD).summary("The HTTP load's figures: requests, errors (by kind), bytes on the connections,"
                                + " requests/s, latency percentiles")
                        .returns(HttpLoadStatus.class).handle(r -> Reply.ok(status())))
                .add(Route.delete(Api.HTTP_LOAD).summary("Stop the HTTP load early; answers its final figures")
                        .returns(HttpLoadStatus.class).handle(r -> Reply.ok(stop())));
    }

    @Override
    public void describe(CapabilityReport report) {
        report.available(Capability.HTTP_LOAD);
    }

    private synchronized HttpLoadStatus start(HttpLoadStart request) {
        HttpLoad current = load;
        if (current != null && current.running()) {
            throw HttpStatusException.conflict("the HTTP load is already running; DELETE it first");
        }
        String problem = HttpLoad.problem(request);
        if (problem != null) {
            throw HttpStatusException.badRequest(problem);
        }
        HttpLoad l = new HttpLoad(request, this::finished);
        lastRequests = 0;
        lastNanos = System.nanoTime();
        finalSampled = false;
        load = l;
        l.start();
        events.info("http.started", String.format(Locale.ROOT, "HTTP load on %s: %d connection(s) for %d ms%s%s",
                request.url(), request.connections(), request.durationMs(),
                request.ratePerSecond() > 0 ? ", at most " + request.ratePerSecond() + " requests/s" : ", closed loop",
                request.requestBytes() > 0 ? ", POST of " + request.requestBytes() + " bytes" : ", GET"),
                Map.of("url", request.url(), "connections", Integer.toString(request.connections()),
                        "duration_ms", Long.toString(request.durationMs())));
        return l.status();
    }

    private void finished(HttpLoadStatus s) {
        events.info("http." + s.state(), String.format(Locale.ROOT,
                "HTTP load %s: %d requests (%.1f/s), %d errors, p50 %d us, p99 %d us%s", s.state(), s.requests(),
                s.requestsPerSecond(), s.errors(), s.latency().p50Us(), s.latency().p99Us(),
                s.lastError() == null ? "" : "; last error: " + s.lastError()),
                Map.of("requests", Long.toString(s.requests()), "errors", Long.toString(s.errors())));
    }

    private HttpLoadStatus status() {
        HttpLoad l = load;
        return l == null ? IDLE : l.status();
    }

    private HttpLoadStatus stop() {
        HttpLoad l = load;
        if (l == null) {
            return IDLE;
        }
        l.stop();
        return l.status();
    }

    @Override
    public synchronized void sample(long timeMs, List<Sample> into) {
        HttpLoad l = load;
        if (l == null || (!l.running() && finalSampled)) {
            return;
        }
        // one more sample after the end carries the last requests
        finalSampled = !l.running();
        long now = System.nanoTime();
        long n = l.requests();
        double seconds = (now - lastNanos) / 1e9;
        into.add(new Sample(timeMs, Metrics.HTTP_REQUESTS, Map.of(), n));
        into.add(new Sample(timeMs, Metrics.HTTP_ERRORS, Map.of(), l.errors()));
        into.add(new Sample(timeMs, Metrics.HTTP_RX_BYTES, Map.of(), l.rxBytes()));
        into.add(new Sample(timeMs, Metrics.HTTP_TX_BYTES, Map.of(), l.txBytes()));
        if (seconds > 0) {
            into.add(new Sample(timeMs, Metrics.HTTP_REQUESTS_PER_S, Map.of(), (n - lastRequests) / seconds));
        }
        Histogram h = l.intervalLatency();
        if (h.getTotalCount() > 0) {
            into.add(new Sample(timeMs, Metrics.HTTP_LATENCY_US, Map.of("quantile", "p50"), h.getValueAtPercentile(50)));
            into.add(new Sample(timeMs, Metrics.HTTP_LATENCY_US, Map.of("quantile", "p99"), h.getValueAtPercentile(99)));
        }
        lastRequests = n;
        lastNanos = now;
    }

    @Override
    public void stopAll(String reason) {
        HttpLoad l = load;
        if (l != null && l.running()) {
            l.stop();
        }
    }
}
