package dev.labdeck.controller.run;

import dev.labdeck.protocol.EventLevel;
import java.time.Instant;
import java.util.Map;

/**
 * One line of events.jsonl: a phase change, a host's state, a service's readiness, a warning,
 * an error. {@code host} is null for run-wide events.
 *
 * @param kind  e.g. phase, host.state, agent.version, service.ready, xdp.attached, error
 */
public record RunEvent(Instant time, EventLevel level, RunPhase phase, String host, String kind, String message,
                       Map<String, String> data) {}
