package dev.labdeck.controller.results;

import dev.labdeck.protocol.EventLevel;
import java.util.Map;

/**
 * One line of events.jsonl.
 *
 * @param time  ISO-8601 instant
 * @param phase the run phase as people write it ("START SERVICES")
 * @param host  null for run-wide events
 */
public record EventLine(String time, EventLevel level, String phase, String host, String kind, String message,
                        Map<String, String> data) {}
