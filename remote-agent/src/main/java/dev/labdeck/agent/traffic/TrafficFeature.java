package dev.labdeck.agent.traffic;

import dev.labdeck.agent.AgentContext;
import dev.labdeck.agent.AgentEvents;
import dev.labdeck.agent.AgentFeature;
import dev.labdeck.agent.CapabilityReport;
import dev.labdeck.agent.http.Reply;
import dev.labdeck.agent.http.Route;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.Capability;
import dev.labdeck.protocol.FlowCounters;
import dev.labdeck.protocol.Metrics;
import dev.labdeck.protocol.Sample;
import dev.labdeck.protocol.SinkStart;
import dev.labdeck.protocol.SinkStatus;
import dev.labdeck.protocol.SourceEngine;
import dev.labdeck.protocol.TrafficStart;
import dev.labdeck.protocol.TrafficStatus;
import java.util.List;
import java.util.Map;

/** The UDP traffic source and sink: their routes, samples, and stopping them with the run. */
public final class TrafficFeature implements AgentFeature {
    private static final TrafficStatus IDLE_SOURCE = new TrafficStatus(dev.labdeck.protocol.TrafficState.IDLE, 0, 0, 0, 0, 0, List.of(), null);
    private static final SinkStatus IDLE_SINK = new SinkStatus(dev.labdeck.protocol.SinkState.IDLE, 0, 0, 0, 0, 0, 0, List.of(), null);

    private AgentEvents events;
    private TrafficSource source;
    private TrafficSink sink;
    // previous totals and times for the rates on the sample stream
    private long lastTxPackets = -1;
    private long lastTxNanos;
    private long lastRxPackets = -1;
    private long lastRxNanos;

    @Override
    public String name() {
        return "traffic";
    }

    @Override
    public void install(AgentContext context) {
        this.events = context.events();
        context.router()
                .add(Route.post(Api.TRAFFIC_ENGINE).summary("Which engine the source would send with, and why it skipped the"
                                + " faster ones; sends nothing to the destination")
                        .body(TrafficStart.class).returns(SourceEngine.class).handle(r -> Reply.ok(checkEngine(r.json(TrafficStart.class)))))
                .add(Route.post(Api.TRAFFIC_SOURCE).summary("Start the UDP traffic source: flows, total pps, payload size, duration")
                        .body(TrafficStart.class).returns(TrafficStatus.class).handle(r -> Reply.ok(startSource(r.json(TrafficStart.class)))))
                .add(Route.get(Api.TRAFFIC_SOURCE).summary("The traffic source's state and per-flow counters")
                        .returns(TrafficStatus.class).handle(r -> Reply.ok(sourceStatus())))
                .add(Route.delete(Api.TRAFFIC_SOURCE).summary("Stop the traffic source early; answers its final counters")
                        .returns(TrafficStatus.class).handle(r -> Reply.ok(stopSource())))
                .add(Route.get(Api.CLOCK).summary("The host's wall clock now, for the clock offset between source and sink")
                        .returns(dev.labdeck.protocol.AgentClock.class).handle(r -> Reply.ok(new dev.labdeck.protocol.AgentClock(epochNanos()))))
                .add(Route.post(Api.TRAFFIC_SINK).summary("Start the UDP sink on the given ports")
                        .body(SinkStart.class).returns(SinkStatus.class).handle(r -> Reply.ok(startSink(r.json(SinkStart.class)))))
                .add(Route.get(Api.TRAFFIC_SINK).summary("The sink's state and per-flow counters: packets, bytes, loss, reordering, duplicates")
                        .returns(SinkStatus.class).handle(r -> Reply.ok(sinkStatus())))
                .add(Route.delete(Api.TRAFFIC_SINK).summary("Stop the sink after reading what is queued; answers its final counters")
                        .returns(SinkStatus.class).handle(r -> Reply.ok(stopSink())));
    }

    @Override
    public void describe(CapabilityReport report) {
        report.available(Capability.TRAFFIC_SOURCE).available(Capability.TRAFFIC_SINK);
    }

    private static long epochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private synchronized SourceEngine checkEngine(TrafficStart request) {
        if (source != null && source.running()) throw TrafficException.conflict("the traffic source is running; DELETE it first");
        SourceEngine chosen = new TrafficSource(request, s -> { }).check();
        events.info("traffic.engine", "the " + chosen.engine() + " engine would send to " + request.destination()
                + (chosen.notes().isEmpty() ? "" : " (" + String.join("; ", chosen.notes()) + ")"), Map.of(
                "engine", chosen.engine().word(), "threads", Integer.toString(chosen.threads()),
                "notes", String.join("; ", chosen.notes())));
        return chosen;
    }

    private synchronized TrafficStatus startSource(TrafficStart request) {
        if (source != null && source.running()) throw TrafficException.conflict("the traffic source is already running; DELETE it first");
        TrafficSource s = new TrafficSource(request, this::sourceFinished);
        s.start();
        source = s;
        lastTxPackets = -1;
        events.info("traffic.started", "sending " + request.pps() + " pps in " + request.flows().size() + " flows to "
                + request.destination() + " for " + request.durationMs() + " ms with the " + s.engineKind() + " engine", Map.of(
                "pps", Long.toString(request.pps()), "flows", Integer.toString(request.flows().size()),
                "destination", request.destination(), "duration_ms", Long.toString(request.durationMs()),
                "engine", String.valueOf(s.engineKind()), "skipped", String.join("; ", s.status().engineNotes())));
        return s.status();
    }

    private void sourceFinished(TrafficStatus status) {
        events.info("traffic." + status.state(), "traffic source " + status.state() + ": " + status.packets() + " packets sent in "
                + status.sendingNanos() / 1_000_000 + " ms, " + status.sendErrors() + " send errors", Map.of(
                "packets", Long.toString(status.packets()), "send_errors", Long.toString(status.sendErrors()),
                "sending_ms", Long.toString(status.sendingNanos() / 1_000_000)));
    }

    private synchronized TrafficStatus sourceStatus() {
        return source == null ? IDLE_SOURCE : source.status();
    }

    private TrafficStatus stopSource() {
        TrafficSource s;
        synchronized (this) {
            s = source;
        }
        if (s == null) return IDLE_SOURCE;
        s.stop();
        return s.status();
    }

    private synchronized SinkStatus startSink(SinkStart request) {
        if (sink != null && sink.running()) throw TrafficException.conflict("the sink is already running; DELETE it first");
        TrafficSink s = new TrafficSink(request);
        s.start();
        sink = s;
        lastRxPackets = -1;
        events.info("sink.started", "receiving on UDP ports " + request.ports(), Map.of("ports", request.ports().toString()));
        return s.status();
    }

    private synchronized SinkStatus sinkStatus() {
        return sink == null ? IDLE_SINK : sink.status();
    }

    private SinkStatus stopSink() {
        TrafficSink s;
        synchronized (this) {
            s = sink;
        }
        if (s == null) return IDLE_SINK;
        boolean wasRunning = s.running();
        SinkStatus status = s.stop();
        if (wasRunning) {
            events.info("sink.stopped", "sink stopped: " + status.packets() + " packets, " + status.lost() + " lost", Map.of(
                    "packets", Long.toString(status.packets()), "lost", Long.toString(status.lost())));
        }
        return status;
    }

    @Override
    public void sample(long timeMs, List<Sample> into) {
        TrafficSource s;
        TrafficSink k;
        synchronized (this) {
            s = source;
            k = sink;
        }
        long now = System.nanoTime();
        if (s != null) {
            long total = 0;
            for (FlowCounters c : s.flowCounters()) {
                Map<String, String> flow = Map.of("flow", Integer.toString(c.flowId()));
                into.add(new Sample(timeMs, Metrics.TRAFFIC_TX_PACKETS, flow, c.packets()));
                into.add(new Sample(timeMs, Metrics.TRAFFIC_TX_BYTES, flow, c.bytes()));
                total += c.packets();
            }
            into.add(new Sample(timeMs, Metrics.TRAFFIC_TX_ERRORS, Map.of(), s.sendErrors()));
            synchronized (this) {
                if (lastTxPackets >= 0 && now > lastTxNanos) {
                    into.add(new Sample(timeMs, Metrics.TRAFFIC_TX_PPS, Map.of(), rate(total - lastTxPackets, now - lastTxNanos)));
                }
                lastTxPackets = total;
                lastTxNanos = now;
            }
        }
        if (k != null) {
            long total = 0;
            for (FlowCounters c : k.flowCounters()) {
                Map<String, String> flow = Map.of("flow", Integer.toString(c.flowId()));
                into.add(new Sample(timeMs, Metrics.SINK_RX_PACKETS, flow, c.packets()));
                into.add(new Sample(timeMs, Metrics.SINK_RX_BYTES, flow, c.bytes()));
                into.add(new Sample(timeMs, Metrics.SINK_LOST, flow, c.lost()));
                into.add(new Sample(timeMs, Metrics.SINK_REORDERED, flow, c.reordered()));
                into.add(new Sample(timeMs, Metrics.SINK_DUPLICATES, flow, c.duplicates()));
                total += c.packets();
            }
            into.add(new Sample(timeMs, Metrics.SINK_FOREIGN, Map.of(), k.foreign()));
            double p99 = k.intervalP99Us();
            if (p99 >= 0) into.add(new Sample(timeMs, Metrics.SINK_LATENCY_P99_US, Map.of(), p99));
            synchronized (this) {
                if (lastRxPackets >= 0 && now > lastRxNanos) {
                    into.add(new Sample(timeMs, Metrics.SINK_RX_PPS, Map.of(), rate(total - lastRxPackets, now - lastRxNanos)));
                }
                lastRxPackets = total;
                lastRxNanos = now;
            }
        }
    }

    private static double rate(long delta, long nanos) {
        return Math.max(0, Math.round(delta * 1e9 / nanos * 10.0) / 10.0);
    }

    @Override
    public void stopAll(String reason) {
        TrafficSource s;
        TrafficSink k;
        synchronized (this) {
            s = source;
            k = sink;
        }
        if (s != null && s.running()) s.stop();
        if (k != null && k.running()) k.stop();
    }
}
