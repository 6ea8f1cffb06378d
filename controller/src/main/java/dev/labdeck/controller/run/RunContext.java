package dev.labdeck.controller.run;

import dev.labdeck.controller.agent.AgentClient;
import dev.labdeck.controller.profile.Profile;
import java.nio.file.Path;
import java.util.Map;

/** What a {@link RunStage} may use while the run goes: the profile, the agents, the event log. */
public interface RunContext {
    Profile profile();

    String runId();

    Path runDirectory();

    /** The agent on {@code host}; throws if that host has none. */
    AgentClient agent(String host);

    /** Records an event (written to events.jsonl and streamed to the GUI/terminal). */
    void event(String level, String host, String kind, String message, Map<String, String> data);

    default void info(String host, String kind, String message) {
        event("info", host, kind, message, Map.of());
    }

    default void warn(String host, String kind, String message) {
        event("warn", host, kind, message, Map.of());
    }

    /** True once the user aborted or the run failed; long waits should return early. */
    boolean stopping();
}
