package dev.labdeck.controller.results;

/** What a host's agent said about itself in PREFLIGHT. */
public record HostSummary(String agentVersion, int protocolVersion, String hostname, String os, String kernel,
                          int cpus, String transport) {}
