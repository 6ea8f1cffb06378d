package dev.labdeck.agent;

import dev.labdeck.agent.http.Router;
import dev.labdeck.agent.journal.ChangeJournal;
import java.nio.file.Path;

/**
 * What a feature gets from the agent: the route registry, the event publisher, the options the
 * agent was started with, its state directory (logs, uploads, service logs) and the journal in
 * which a feature records each change to the host before making it.
 */
public record AgentContext(AgentOptions options, Router router, AgentEvents events, SessionState session,
                           ChangeJournal journal) {

    public Path stateDir() {
        return options.stateDir();
    }
}
