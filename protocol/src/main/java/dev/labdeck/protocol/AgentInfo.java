package dev.labdeck.protocol;

import java.util.List;

/**
 * What an agent says about itself and its host; PREFLIGHT decides from it.
 *
 * @param capabilities see {@link Capability}; a missing capability is listed in {@code unavailable}
 * @param unavailable  capability name followed by ": why", e.g. "xdp: not Linux"
 * @param warnings     things found at start, e.g. an XDP program a previous run left attached
 */
public record AgentInfo(
        String agentVersion,
        int protocolVersion,
        String hostname,
        String os,
        String osVersion,
        String kernel,
        String arch,
        int cpus,
        String javaVersion,
        long pid,
        long startedAtMs,
        List<String> capabilities,
        List<String> unavailable,
        List<String> warnings) {}
