package dev.labdeck.gui.engine;

import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.results.RunError;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.run.HostState;
import dev.labdeck.controller.engine.RunEngine;
import dev.labdeck.controller.run.RunEvent;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.controller.run.RunListener;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.gui.run.RunControl;
import dev.labdeck.gui.run.RunOutcome;
import dev.labdeck.gui.run.RunUpdates;
import dev.labdeck.protocol.Sample;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** The controller's {@link RunEngine} behind the app's {@link RunControl}: the same runs as {@code labdeck run}. */
public final class EngineRunControl implements RunControl {
    private final Supplier<RunOptions> options;

    /** @param options read at each start, so the runs directory can follow the open profile */
    public EngineRunControl(Supplier<RunOptions> options) {
        this.options = options;
    }

    @Override
    public ActiveRun start(Profile profile, Mode mode, RunUpdates updates) throws Exception {
        RunOptions o = options.get().withPreflightOnly(mode == Mode.PREFLIGHT);
        RunHandle handle = RunEngine.start(profile, o, new Listener(updates));
        return handle::abort;
    }

    /** Maps the engine's callbacks onto the view model's; both sides run on the engine's thread. */
    private record Listener(RunUpdates updates) implements RunListener {
        @Override public void phase(RunPhase phase) { updates.phase(phase); }

        @Override public void hostState(String host, HostState state, String detail) {
            updates.hostState(host, state.name().toLowerCase(Locale.ROOT), detail);
        }

        @Override public void samples(String host, List<Sample> samples) { updates.samples(host, samples); }

        @Override public void event(RunEvent event) { updates.event(event); }

        @Override public void finished(RunSummary summary) { updates.finished(outcome(summary)); }
    }

    static RunOutcome outcome(RunSummary s) {
        Path dir = s.runDirectory() == null ? null : Path.of(s.runDirectory());
        RunError e = s.error();
        String status = s.status().json();
        String message;
        if (e != null) {
            message = (e.host() == null ? "" : e.host() + ": ") + (e.step() == null ? "" : e.step() + ": ") + e.message();
            if (e.message() != null && e.message().toLowerCase(Locale.ROOT).contains("abort")) status = "aborted";
        } else if (s.passed()) {
            message = "every threshold held";
        } else {
            message = s.thresholds().stream().filter(t -> !t.passed()).map(t -> t.message() != null ? t.message() : t.expression()).findFirst().orElse("a threshold failed");
        }
        return new RunOutcome(status, message, dir, null);
    }
}
