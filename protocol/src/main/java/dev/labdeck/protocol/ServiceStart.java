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
 */
public record ServiceStart(String name, List<String> command, String workingDirectory,
                           Map<String, String> environment, List<Integer> cores, ReadinessProbe readiness,
                           long startTimeoutMs, String stopSignal, long stopGraceMs, boolean outliveAgent) {

    /** A service that dies with its agent. */
    public ServiceStart(String name, List<String> command, String workingDirectory, Map<String, String> environment,
                        List<Integer> cores, ReadinessProbe readiness, long startTimeoutMs, String stopSignal,
                        long stopGraceMs) {
        this(name, command, workingDirectory, environment, cores, readiness, startTimeoutMs, stopSignal, stopGraceMs, false);
    }
}
