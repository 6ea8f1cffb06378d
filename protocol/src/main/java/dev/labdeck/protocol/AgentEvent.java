package dev.labdeck.protocol;

import java.util.Map;

/**
 * Something that happened on the agent: a service started, became ready or exited, a log line,
 * the dead-man switch fired, a warning.
 *
 * @param level info, warn or error
 * @param kind  e.g. service.started, service.ready, service.exited, service.log, xdp.attached,
 *              traffic.done, deadman
 */
public record AgentEvent(long timeMs, String level, String kind, String message, Map<String, String> data) {}
