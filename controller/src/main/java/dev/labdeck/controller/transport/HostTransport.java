package dev.labdeck.controller.transport;

import java.time.Duration;
import java.util.List;

/**
 * How the controller reaches one lab host: runs commands there, puts the agent there, and gives
 * back a local URI through which the agent answers (an SSH port forward, or loopback for local).
 */
public interface HostTransport extends AutoCloseable {
    String hostName();

    /** The new host key accepted when connecting (what and where it was remembered), if one was. */
    default java.util.Optional<String> acceptedHostKey() {
        return java.util.Optional.empty();
    }

    /** Deploys the agent if needed, starts it with a fresh token, and returns how to reach it. */
    AgentEndpoint startAgent(AgentLaunch launch) throws TransportException;

    /**
     * Stops the agent started by {@link #startAgent} and removes its runtime directory (token
     * included), after copying its logs where {@link #keepAgentLogsIn} said. When the agent did not
     * stop by itself (killed, frozen, lost) what it may have left is removed as by
     * {@link #removeLeftovers}. Safe to call twice or after a failed start.
     */
    void stopAgent();

    /** Where {@link #stopAgent} copies the agent's logs ({@code <host>-agent.log}, {@code <host>-agent-console.log}). */
    default void keepAgentLogsIn(java.nio.file.Path directory) {}

    /** What the last {@link #stopAgent} had to remove of what the agent left, or an empty report. */
    default LeftoverReport lastLeftovers() {
        return LeftoverReport.none(hostName());
    }

    /**
     * Removes what dead LabDeck agents left on the host: XDP programs they attached, processes of
     * their services, their runtime directories and tokens (agents still alive are not touched).
     */
    LeftoverReport removeLeftovers() throws TransportException;

    /** True when the connection to the host dropped and {@link #reconnect} may bring it back (SSH). */
    default boolean sessionLost() {
        return false;
    }

    /**
     * Opens the connection again after it dropped, and the way to the agent with it (the agent's
     * address stays the same); does nothing when the connection is up.
     */
    default void reconnect() throws TransportException {}

    /** Runs a command on the host (argument list, no shell on the controller side). */
    CommandResult exec(List<String> command, Duration timeout) throws TransportException;

    /** Copies a local file to the host, returning its path there. */
    String upload(java.nio.file.Path local, String remoteName) throws TransportException;

    @Override
    void close();
}
