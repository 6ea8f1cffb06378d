package dev.labdeck.protocol;

/**
 * What came of a {@link ServiceInput}.
 *
 * @param matchedLine the first line after the input that matched its {@code awaitOutput}; null when
 *                    nothing was awaited or nothing matched in time
 * @param waitedMs    how long the agent waited for it
 */
public record ServiceInputResult(String service, String matchedLine, long waitedMs) {}
