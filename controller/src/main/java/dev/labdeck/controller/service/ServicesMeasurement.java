package dev.labdeck.controller.service;

import dev.labdeck.controller.agent.AgentException;
import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.HttpLoadSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ServiceSpec;
import dev.labdeck.controller.run.RunContext;
import dev.labdeck.controller.run.RunFailure;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.protocol.EventLevel;
import dev.labdeck.protocol.HttpLoadStart;
import dev.labdeck.protocol.ServiceState;
import dev.labdeck.protocol.HttpLoadStatus;
import dev.labdeck.protocol.ServiceStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * MEASURE without UDP traffic: for exactly {@code measure.duration} (or the HTTP load's), ended
 * earlier only when every service with role {@code load} has exited. The agent's HTTP load (the
 * {@code http} section) runs in it; DPDK port counters are read as it begins and ends. Its
 * figures go to summary.json: {@code measure}, {@code http}, {@code dpdk}, {@code links}.
 */
public final class ServicesMeasurement {
    private static final Duration POLL = Duration.ofMillis(100);
    /** Slack for the HTTP load's last answers and the round trips, on top of its own duration. */
    private static final Duration SLACK = Duration.ofSeconds(10);

    private final RunContext ctx;
    private final Consumer<RunPhase> enter;

    public ServicesMeasurement(RunContext ctx, Consumer<RunPhase> enter) {
        this.ctx = ctx;
        this.enter = enter;
    }

    /** True when the profile measures without traffic: a measure or http section. */
    public static boolean wanted(Profile p) {
        return p.traffic() == null && p.measureDuration() != null;
    }

    /** What MEASURE does for a profile without traffic, in the plan's words. */
    public static String plan(Profile p) {
        if (!wanted(p)) {
            return "nothing (no traffic)";
        }
        List<Load> loads = loadServices(p);
        HttpLoadSpec http = p.http();
        return String.format(Locale.ROOT, "measure for %.1f s%s%s", p.measureDuration().toMillis() / 1000.0,
                loads.isEmpty() ? "" : ", or until " + String.join(", ", loads.stream().map(l -> l.service).toList())
                        + " (role load) exited",
                http == null ? "" : "; HTTP load from " + http.host() + " on " + http.url() + " with " + http.connections()
                        + " connection(s)");
    }

    public void run() throws RunFailure {
        Profile p = ctx.profile();
        Duration duration = p.measureDuration();
        HttpLoadSpec http = p.http();
        List<Load> loads = loadServices(p);
        enter.accept(RunPhase.WARMUP);
        enter.accept(RunPhase.MEASURE);
        DpdkWindow dpdk = new DpdkWindow();
        if (DpdkWindow.wanted(ctx)) {
            dpdk.begin(ctx);
        }
        long startNanos = System.nanoTime();
        long startMs = System.currentTimeMillis();
        if (http != null) {
            startHttp(http);
        }
        ctx.info(null, "measure", String.format(Locale.ROOT, "measuring for %.1f s%s%s", duration.toMillis() / 1000.0,
                loads.isEmpty() ? "" : ", or until " + String.join(", ", loads.stream().map(l -> l.service).toList())
                        + " (role load) exited",
                http == null ? "" : "; HTTP load from " + http.host() + " on " + http.url()));
        String endedBy = "duration";
        long deadline = startNanos + duration.toNanos();
        while (System.nanoTime() < deadline) {
            if (ctx.stopping()) {
                break;
            }
            if (!loads.isEmpty() && allExited(loads)) {
                endedBy = "load services exited";
                break;
            }
            sleep(Duration.ofNanos(Math.min(POLL.toNanos(), Math.max(0, deadline - System.nanoTime()))));
        }
        long measuredNanos = System.nanoTime() - startNanos;
        HttpLoadStatus httpFigures = http == null ? null : awaitHttp(http, !endedBy.equals("duration"));
        if (DpdkWindow.wanted(ctx)) {
            dpdk.end(ctx);
        }
        Map<String, Object> measure = new LinkedHashMap<>();
        measure.put("requested_s", duration.toMillis() / 1000.0);
        measure.put("duration_s", Math.round(measuredNanos / 1e6) / 1000.0);
        measure.put("started_ms", startMs);
        measure.put("ended_by", endedBy);
        ctx.summarySection("measure", measure);
        if (httpFigures != null) {
            HttpSummary summary = HttpSummary.of(httpFigures, http, endedBy);
            ctx.summarySection("http", summary);
            if (summary.notReached() != null) {
                ctx.warn(http.host(), "http.not_reached", "the HTTP load did not reach what the profile asked: "
                        + String.join("; ", summary.notReached().values()));
            }
            ctx.event(httpFigures.errors() == 0 ? EventLevel.INFO : EventLevel.WARN, http.host(), "http.figures", String.format(Locale.ROOT,
                    "HTTP: %,d requests (%.1f/s), %d errors, latency p50 %d us, p99 %d us, max %d us",
                    httpFigures.requests(), httpFigures.requestsPerSecond(), httpFigures.errors(),
                    httpFigures.latency().p50Us(), httpFigures.latency().p99Us(), httpFigures.latency().maxUs()),
                    Map.of("requests", Long.toString(httpFigures.requests()), "errors", Long.toString(httpFigures.errors())));
        }
        enter.accept(RunPhase.COOLDOWN);
    }

    private void startHttp(HttpLoadSpec h) throws RunFailure {
        try {
            HttpLoadStatus s = ctx.agent(h.host()).startHttpLoad(new HttpLoadStart(h.url(), h.connections(),
                    h.duration().toMillis(), h.rate(), h.requestSize(), h.timeout() == null ? 0 : h.timeout().toMillis(),
                    h.cores()));
            ctx.event(EventLevel.INFO, h.host(), "http.started", "client: HTTP load on " + h.url() + " with " + h.connections()
                    + " connection(s)" + (h.cores().isEmpty() ? "" : " pinned to core(s) " + h.cores()),
                    Map.of("service", "client", "url", h.url(), "state", s.state()));
        } catch (AgentException e) {
            throw new RunFailure(h.host(), "start HTTP load", e.getMessage(), e);
        }
    }

    /** The HTTP load's final figures: it ends by itself after its duration; stopped early when the measurement was. */
    private HttpLoadStatus awaitHttp(HttpLoadSpec h, boolean stopNow) throws RunFailure {
        try {
            if (stopNow || ctx.stopping()) {
                return ctx.agent(h.host()).stopHttpLoad();
            }
            long deadline = System.nanoTime() + h.timeout().plus(SLACK).toNanos();
            while (true) {
                HttpLoadStatus s = ctx.agent(h.host()).httpLoad();
                if (!"running".equals(s.state())) {
                    return s;
                }
                if (System.nanoTime() > deadline || ctx.stopping()) {
                    return ctx.agent(h.host()).stopHttpLoad();
                }
                sleep(POLL);
            }
        } catch (AgentException e) {
            throw new RunFailure(h.host(), "collect HTTP load", e.getMessage(), e);
        }
    }

    private record Load(String host, String service) {}

    private static List<Load> loadServices(Profile p) {
        List<Load> out = new ArrayList<>();
        for (HostSpec h : p.hosts()) {
            for (ServiceSpec s : h.services()) {
                if (s.load()) {
                    out.add(new Load(h.name(), s.name()));
                }
            }
        }
        return out;
    }

    private boolean allExited(List<Load> loads) {
        for (Load l : loads) {
            try {
                ServiceStatus st = ctx.agent(l.host).service(l.service);
                if (st.state() == ServiceState.STARTING || st.state() == ServiceState.READY) {
                    return false;
                }
            } catch (AgentException | RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
