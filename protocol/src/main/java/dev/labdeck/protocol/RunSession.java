package dev.labdeck.protocol;

import java.util.List;

/**
 * Binds an agent to one run.
 *
 * @param sampleIntervalMs   how often samples are pushed on the event stream
 * @param heartbeatTimeoutMs the dead-man switch: with no heartbeat for this long the agent stops
 *                           everything of the run and exits
 * @param metrics            the groups of figures to sample (the profile's {@code monitoring.metrics});
 *                           null or empty for all of them. The run's traffic figures are always sent.
 */
public record RunSession(String runId, long sampleIntervalMs, long heartbeatTimeoutMs, List<MetricGroup> metrics) {

    /** A session that samples every group. */
    public RunSession(String runId, long sampleIntervalMs, long heartbeatTimeoutMs) {
        this(runId, sampleIntervalMs, heartbeatTimeoutMs, null);
    }

    /** Whether a sample of {@code metric} belongs to this session's groups. */
    public boolean samples(String metric) {
        return metrics == null || metrics.isEmpty() || MetricGroup.forMetric(metric).map(metrics::contains).orElse(true);
    }
}
