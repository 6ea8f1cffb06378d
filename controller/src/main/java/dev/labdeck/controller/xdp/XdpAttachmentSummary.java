package dev.labdeck.controller.xdp;

import java.util.Map;

/**
 * One attachment as summary.json shows it: where it ran, in which mode, and its final counters.
 *
 * @param maps every array or hash map with integer values (map name to key to value)
 */
public record XdpAttachmentSummary(String host, String interfaceName, String object, String program, String mode,
                                   String action, int programId, long packets, Map<String, Long> actions,
                                   Map<String, Map<String, Long>> maps) {}
