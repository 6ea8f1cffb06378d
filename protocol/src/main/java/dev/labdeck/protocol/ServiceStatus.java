package dev.labdeck.protocol;

/**
 * @param exitCode null while running; {@code signal} is set instead when killed by a signal
 * @param reason why a start failed, e.g. "exited with 1 before ready" or "not ready after 10 s"
 */
public record ServiceStatus(String name, ServiceState state, long pid, Integer exitCode, String signal,
                            long startedAtMs, long readyAtMs, long endedAtMs, String logFile, String reason) {}
