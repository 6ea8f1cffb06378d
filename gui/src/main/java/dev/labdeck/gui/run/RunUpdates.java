package dev.labdeck.gui.run;

import dev.labdeck.controller.run.RunEvent;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.protocol.Sample;
import java.util.List;

/** What a run reports while it goes; called on engine threads, in order per run. */
public interface RunUpdates {
    void phase(RunPhase phase);

    /** @param state e.g. deploying, ready, error; {@code detail} says more, or null */
    void hostState(String host, String state, String detail);

    void samples(String host, List<Sample> samples);

    void event(RunEvent event);

    void finished(RunOutcome outcome);
}
