package dev.labdeck.controller.run;

import dev.labdeck.controller.agent.AgentClient;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.protocol.EventLevel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What a {@link RunStage} may use while the run goes: the profile, the agents, the event log. */
public interface RunContext {
    Profile profile();

    String runId();

    Path runDirectory();

    /** The agent on {@code host}; throws if that host has none. */
    AgentClient agent(String host);

    /** Records an event (written to events.jsonl and streamed to the GUI/terminal). */
    void event(EventLevel level, String host, String kind, String message, Map<String, String> data);

    default void info(String host, String kind, String message) {
        event(EventLevel.INFO, host, kind, message, Map.of());
    }

    default void warn(String host, String kind, String message) {
        event(EventLevel.WARN, host, kind, message, Map.of());
    }

    /**
     * Fails the running run from a background watcher, e.g. when a service marked
     * {@code crash_fails_run} exits during MEASURE: the engine stops waiting, records the failure
     * (the first one wins) and tears down.
     */
    void fail(RunFailure failure);

    /** True once the user aborted or the run failed; long waits should return early. */
    boolean stopping();

    /**
     * Adds a top-level section to summary.json (e.g. {@code baseline}, {@code xdp}), serialized with
     * the protocol's JSON configuration; thresholds can name its figures. The same name replaces.
     */
    void summarySection(String name, Object value);

    /**
     * The run's own traffic measurement once MEASURE is over (empty before, or when the run has no
     * traffic or failed earlier); stages read it at TEARDOWN to put their figures beside it.
     */
    Optional<MeasuredTraffic> measurement();

    /** The phase the run is in, for stages that do their work in more than one. */
    /**
     * The engine the traffic source host's agent chose at PREFLIGHT, and why it skipped the others;
     * empty before PREFLIGHT or for a run without traffic. The measurements send with it.
     */
    default Optional<dev.labdeck.protocol.SourceEngine> sourceEngine() {
        return Optional.empty();
    }

    /** The sink host's clock against the source host's, measured at PREFLIGHT; empty when not measured. */
    default Optional<dev.labdeck.controller.results.ClockOffset> clockOffset() {
        return Optional.empty();
    }

    RunPhase phase();
}
