package dev.labdeck.controller.run;

import java.time.Instant;
import java.util.Map;

/**
 * One line of events.jsonl: a phase change, a host's state, a service's readiness, a warning,
 * an error. {@code host} is null for run-wide events.
 *
 * @param level info, warn or error
 * @param kind  e.g. phase, host.state, agent.version, service.ready, xdp.attached, error
 */
public record RunEvent(Instant time, String level, RunPhase phase, String host, String kind, String message,
                       Map<String, String> data) {}
