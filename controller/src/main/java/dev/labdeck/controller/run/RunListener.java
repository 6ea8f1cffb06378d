package dev.labdeck.controller.run;

import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.protocol.Sample;
import java.util.List;

/**
 * What a run reports while it goes. Calls come one at a time, in order, on one background thread
 * (never the JavaFX thread: hand over with {@code Platform.runLater}); a slow listener delays
 * later calls but never the run itself. Every method has an empty default.
 */
public interface RunListener {
    RunListener NONE = new RunListener() {};

    /** The run entered {@code phase}. */
    default void phase(RunPhase phase) {}

    /** A host's state changed; {@code detail} says why for ERROR, or e.g. the agent version for READY. */
    default void hostState(String host, HostState state, String detail) {}

    /** Samples pushed by {@code host}'s agent (also written to metrics.csv). */
    default void samples(String host, List<Sample> samples) {}

    /** An event of the run (also written to events.jsonl), including agents' events and service log lines. */
    default void event(RunEvent event) {}

    /** The last call: the run is over, torn down and reported. */
    default void finished(RunSummary summary) {}
}
