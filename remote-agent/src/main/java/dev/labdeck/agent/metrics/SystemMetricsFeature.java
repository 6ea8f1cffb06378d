package dev.labdeck.agent.metrics;

import dev.labdeck.agent.AgentContext;
import dev.labdeck.agent.AgentEvents;
import dev.labdeck.agent.AgentFeature;
import dev.labdeck.agent.CapabilityReport;
import dev.labdeck.agent.http.Reply;
import dev.labdeck.agent.http.Route;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.Capability;
import dev.labdeck.protocol.Sample;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * System metrics: {@code GET /v1/metrics} and the system part of every sample tick; on each tick
 * an interface whose state changed is a {@code link.down} (warn) or {@code link.up} event; an
 * interface back up gets back the permanent neighbour entries it lost while down
 * ({@code neighbour.restored}).
 */
public final class SystemMetricsFeature implements AgentFeature {
    private final SystemMetrics metrics = new SystemMetrics();
    private final LinkStates links = new LinkStates(Path.of("/sys/class/net"));
    private final PermanentNeighbours neighbours = new PermanentNeighbours();
    private volatile AgentEvents events;

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public void install(AgentContext context) {
        events = context.events();
        links.check((name, before, now) -> { }); // what is down already at start is no change
        neighbours.learn();
        context.router().add(Route.get(Api.METRICS)
                .summary("One snapshot of system metrics: CPU per core and total, memory, per-interface counters and rates")
                .returnsListOf(Sample.class)
                .handle(r -> Reply.ok(metrics.read(System.currentTimeMillis()))));
    }

    @Override
    public void describe(CapabilityReport report) {
        report.available(Capability.METRICS);
    }

    private void publish(AgentEvents e, String name, String before, String now) {
        Map<String, String> data = Map.of("interface", name, "before", before, "state", now);
        if (LinkStates.isUp(now)) {
            e.info("link.up", "link " + name + " is up again (" + before + " → " + now + ")", data);
            for (PermanentNeighbours.Entry n : neighbours.restore(name)) {
                e.warn("neighbour.restored", "restored the permanent neighbour entry " + n.address() + " lladdr " + n.mac()
                        + " on " + name + " that the kernel dropped while the link was down",
                        Map.of("interface", name, "address", n.address(), "mac", n.mac()));
            }
        } else {
            e.warn("link.down", "link " + name + " went down (" + before + " → " + now + ")", data);
        }
    }

    @Override
    public void sample(long timeMs, List<Sample> into) {
        into.addAll(metrics.read(timeMs));
        AgentEvents e = events;
        if (e != null) {
            List<String[]> changes = new java.util.ArrayList<>();
            links.check((name, before, now) -> changes.add(new String[] {name, before, now}));
            if (!changes.isEmpty()) {
                // published off the tick: the tick runs inside the event stream's writing of samples
                Thread.ofVirtual().name("link-events").start(() -> changes.forEach(c -> publish(e, c[0], c[1], c[2])));
            }
        }
    }
}
