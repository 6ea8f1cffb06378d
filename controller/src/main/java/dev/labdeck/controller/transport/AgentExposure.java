package dev.labdeck.controller.transport;

import dev.labdeck.controller.profile.AgentSettings;
import java.util.Optional;

/**
 * Whether a profile's agents listen beyond loopback. The controller reaches them through an SSH
 * tunnel to loopback anyway; any other bind address lets whoever can reach the host's port try the
 * agent's API (start processes, attach XDP programs), guarded only by the token. {@code validate}
 * warns about it and the desktop app asks before such a run.
 */
public final class AgentExposure {

    private AgentExposure() {}

    /** A warning for people when {@code agent.bind} is not a loopback address, else empty. */
    public static Optional<String> beyondLoopback(AgentSettings agent) {
        if (agent == null || agent.bind() == null || isLoopback(agent.bind())) {
            return Optional.empty();
        }
        return Optional.of("agent.bind is " + agent.bind() + ": every agent listens beyond loopback on port " + agent.port()
                + ", where anyone who reaches the host may try its API (guarded only by the run's token);"
                + " the controller needs only 127.0.0.1 (it goes through an SSH tunnel)");
    }

    static boolean isLoopback(String bind) {
        String b = bind.strip();
        return b.startsWith("127.") || b.equals("::1") || b.equals("[::1]") || b.equalsIgnoreCase("localhost");
    }
}
