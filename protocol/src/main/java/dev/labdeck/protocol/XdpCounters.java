package dev.labdeck.protocol;

import java.util.List;
import java.util.Map;

/**
 * Counters read from an attachment's maps, summed over CPUs.
 *
 * @param actions  for the builtin: packets per XDP action (pass, drop, tx, aborted)
 * @param flows    for the builtin: per flow, keyed by UDP destination port; the program knows ports,
 *                 not the run's flow ids, so {@code flow_id} is -1 and the controller maps ports to flows
 * @param maps     generic view of every array or hash map with integer values: map name to key to value
 */
public record XdpCounters(String attachmentId, Map<String, Long> actions, List<FlowCounters> flows,
                          Map<String, Map<String, Long>> maps) {}
