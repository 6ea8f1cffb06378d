package dev.labdeck.controller.transport;

import java.time.Duration;
import java.util.List;

/**
 * How the controller reaches one lab host: runs commands there, puts the agent there, and gives
 * back a local URI through which the agent answers (an SSH port forward, or loopback for local).
 */
public interface HostTransport extends AutoCloseable {
    String hostName();

    /** Deploys the agent if needed, starts it with a fresh token, and returns how to reach it. */
    AgentEndpoint startAgent(AgentLaunch launch) throws TransportException;

    /** Stops the agent started by {@link #startAgent}; safe to call twice or after a failed start. */
    void stopAgent();

    /** Runs a command on the host (argument list, no shell on the controller side). */
    CommandResult exec(List<String> command, Duration timeout) throws TransportException;

    /** Copies a local file to the host, returning its path there. */
    String upload(java.nio.file.Path local, String remoteName) throws TransportException;

    @Override
    void close();
}
