package dev.labdeck.protocol;

import java.util.List;
import java.util.Map;

/**
 * Start a process on the agent's host: an argument list (no shell), stdin held open, its own
 * process group, pinned to {@code cores}.
 *
 * @param readiness     null means ready as soon as started
 * @param startTimeoutMs how long readiness may take before the start fails
 * @param stopSignal    e.g. TERM or INT; SIGKILL to the group follows after {@code stopGraceMs}
 * @param outliveAgent  false (the default): the service gets its stop signal when the agent dies,
 *                      however it dies; true lets it run on (it is still stopped with the run)
 * @param stopInput     null, or a line written to its stdin to stop it cleanly (testpmd's {@code quit}):
 *                      the stop signal follows only when it has not exited {@code stopGraceMs} later
 */
public record ServiceStart(String name, List<String> command, String workingDirectory,
                           Map<String, String> environment, List<Integer> cores, ReadinessProbe readiness,
                           long startTimeoutMs, String stopSignal, long stopGraceMs, boolean outliveAgent,
                           String stopInput) {

    /** Stopped by its signal alone. */
    public ServiceStart(String name, List<String> command, String workingDirectory, Map<String, String> environment,
                        List<Integer> cores, ReadinessProbe readiness, long startTimeoutMs, String stopSignal,
                        long stopGraceMs, boolean outliveAgent) {
        this(name, command, workingDirectory, environment, cores, readiness, startTimeoutMs, stopSignal, stopGraceMs,
                outliveAgent, null);
    }

    /** A service that dies with its agent. */
    public ServiceStart(String name, List<String> command, String workingDirectory, Map<String, String> environment,
                        List<Integer> cores, ReadinessProbe readiness, long startTimeoutMs, String stopSignal,
                        long stopGraceMs) {
        this(name, command, workingDirectory, environment, cores, readiness, startTimeoutMs, stopSignal, stopGraceMs, false);
    }
}
