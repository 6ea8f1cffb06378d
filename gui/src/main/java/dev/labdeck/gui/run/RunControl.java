package dev.labdeck.gui.run;

import dev.labdeck.controller.profile.Profile;

/**
 * How the app starts a run: the controller's run engine behind one method, so the Run view model
 * holds no orchestration and is tested by feeding it updates.
 */
public interface RunControl {
    enum Mode { PREFLIGHT, RUN }

    /** Starts a run (or only its preflight) on engine threads; updates arrive on those threads. */
    ActiveRun start(Profile profile, Mode mode, RunUpdates updates) throws Exception;

    interface ActiveRun {
        /** Stops the run; TEARDOWN still runs and {@link RunUpdates#finished} follows. */
        void abort();
    }
}
