package dev.labdeck.protocol;

/**
 * A line for a running service's stdin (an interactive program's command, such as testpmd's
 * {@code stop}), and optionally what its output says once the command took effect.
 *
 * @param line        written with a newline after it
 * @param awaitOutput null, or a regular expression; the answer comes once a line the service writes
 *                    after this one matches it, or after {@code timeoutMs}
 * @param timeoutMs   how long to wait for {@code awaitOutput}; at most {@link AgentLimits#MAX_SERVICE_INPUT_WAIT_MS}
 */
public record ServiceInput(String line, String awaitOutput, long timeoutMs) {}
