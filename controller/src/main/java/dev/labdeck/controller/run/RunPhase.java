package dev.labdeck.controller.run;

/** The phases of a run, in order. TEARDOWN always runs once PLAN has passed. */
public enum RunPhase {
    PLAN, PREFLIGHT, DEPLOY, PREPARE, START_SERVICES, WARMUP, MEASURE, COOLDOWN, COLLECT, TEARDOWN, REPORT;

    /** As people write it: "START SERVICES". */
    public String label() {
        return name().replace('_', ' ');
    }
}
