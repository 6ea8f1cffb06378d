package dev.labdeck.agent;

import dev.labdeck.protocol.RunSession;

/** The run the agent currently serves: run id, sample interval, heartbeat timeout. */
public final class SessionState {
    public static final long DEFAULT_SAMPLE_INTERVAL_MS = 1000;
    private volatile RunSession current;

    SessionState(String runId, long heartbeatTimeoutMs) {
        this.current = new RunSession(runId, DEFAULT_SAMPLE_INTERVAL_MS, heartbeatTimeoutMs);
    }

    public RunSession current() {
        return current;
    }

    void set(RunSession session) {
        this.current = session;
    }
}
