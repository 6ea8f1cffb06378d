package dev.labdeck.agent;

import dev.labdeck.agent.http.Router;
import java.nio.file.Path;

/**
 * What a feature gets from the agent: the route registry, the event publisher, the options the
 * agent was started with and its state directory (logs, uploads, service logs).
 */
public record AgentContext(AgentOptions options, Router router, AgentEvents events, SessionState session) {

    public Path stateDir() {
        return options.stateDir();
    }
}
