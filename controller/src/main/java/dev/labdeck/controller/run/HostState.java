package dev.labdeck.controller.run;

/** Where one host stands in a run, as the desktop app shows it. */
public enum HostState {
    /** Planned, not contacted yet. */
    PENDING,
    /** Transport opening, agent starting. */
    DEPLOYING,
    /** Agent up, bound to the run, heartbeats flowing. */
    READY,
    /** Something failed on this host; the run's error names it. */
    ERROR,
    /** Torn down: nothing of the run is left there. */
    STOPPED
}
