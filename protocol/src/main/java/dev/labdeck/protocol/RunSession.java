package dev.labdeck.protocol;

/**
 * Binds an agent to one run.
 *
 * @param sampleIntervalMs   how often samples are pushed on the event stream
 * @param heartbeatTimeoutMs the dead-man switch: with no heartbeat for this long the agent stops
 *                           everything of the run and exits
 */
public record RunSession(String runId, long sampleIntervalMs, long heartbeatTimeoutMs) {}
