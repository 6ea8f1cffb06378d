package dev.labdeck.agent.metrics;

import dev.labdeck.agent.AgentContext;
import dev.labdeck.agent.AgentFeature;
import dev.labdeck.agent.CapabilityReport;
import dev.labdeck.agent.http.Reply;
import dev.labdeck.agent.http.Route;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.Capability;
import dev.labdeck.protocol.Sample;
import java.util.List;

/** System metrics: {@code GET /v1/metrics} and the system part of every sample tick. */
public final class SystemMetricsFeature implements AgentFeature {
    private final SystemMetrics metrics = new SystemMetrics();

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public void install(AgentContext context) {
        context.router().add(Route.get(Api.METRICS)
                .summary("One snapshot of system metrics: CPU per core and total, memory, per-interface counters and rates")
                .returnsListOf(Sample.class)
                .handle(r -> Reply.ok(metrics.read(System.currentTimeMillis()))));
    }

    @Override
    public void describe(CapabilityReport report) {
        report.available(Capability.METRICS);
    }

    @Override
    public void sample(long timeMs, List<Sample> into) {
        into.addAll(metrics.read(timeMs));
    }
}
