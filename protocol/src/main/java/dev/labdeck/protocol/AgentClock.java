package dev.labdeck.protocol;

/** The agent host's wall clock when it answered, in nanoseconds since the epoch (for the clock offset between hosts). */
public record AgentClock(long epochNanos) {}
