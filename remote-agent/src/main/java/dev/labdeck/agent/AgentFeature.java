package dev.labdeck.agent;

import dev.labdeck.protocol.RunSession;
import dev.labdeck.protocol.Sample;
import java.util.List;

/**
 * A part of the agent that plugs into it: traffic, system metrics, XDP, services. Features are
 * listed once in {@link AgentMain#features()}.
 *
 * <p>Start-up must stay fast: {@link #install} only registers routes; load native libraries,
 * OSHI and the like lazily on first use.
 */
public interface AgentFeature {

    /** A short name for logs, e.g. "traffic". */
    String name();

    /**
     * Registers the feature's routes on {@code context.router()} (each described for OpenAPI by
     * its {@link dev.labdeck.agent.http.Route}) and keeps the context for events and state.
     */
    void install(AgentContext context);

    /** Adds capabilities, or why they are unavailable on this host, to {@code /v1/info}. */
    default void describe(CapabilityReport report) {}

    /** Called when the controller binds the agent to a run. */
    default void sessionStarted(RunSession session) {}

    /** Adds this feature's samples for the tick at {@code timeMs}; called on the sampler thread. */
    default void sample(long timeMs, List<Sample> into) {}

    /**
     * Stops everything this feature started for the run (traffic, XDP programs, processes).
     * Called on shutdown and when the dead-man switch fires; must not throw and must be safe to
     * call twice.
     */
    default void stopAll(String reason) {}
}
