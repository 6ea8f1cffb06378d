package dev.labdeck.protocol;

/**
 * What a service wrote: its output or a file, at most {@link AgentLimits#MAX_SERVICE_OUTPUT_BYTES}
 * (the end of it when longer: results come last).
 *
 * @param source    the file read on the host (its log file for the output)
 * @param sizeBytes the whole file's size
 * @param truncated true when only its last {@link AgentLimits#MAX_SERVICE_OUTPUT_BYTES} bytes are in {@code text}
 */
public record ServiceOutput(String service, String source, String text, long sizeBytes, boolean truncated) {}
