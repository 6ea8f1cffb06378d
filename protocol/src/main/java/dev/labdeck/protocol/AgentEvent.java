package dev.labdeck.protocol;

import java.util.Map;

/**
 * Something that happened on the agent: a service started, became ready or exited, a log line,
 * the dead-man switch fired, a warning.
 *
 * @param kind  e.g. service.started, service.ready, service.exited, service.log, xdp.attached,
 *              traffic.done, deadman
 */
public record AgentEvent(long timeMs, EventLevel level, String kind, String message, Map<String, String> data) {}
