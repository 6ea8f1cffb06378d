package dev.labdeck.controller.service;

import dev.labdeck.controller.profile.ServiceSpec;
import dev.labdeck.protocol.ServiceStart;
import java.time.Duration;

/** A profile's service as the agent's start request. */
final class ServiceRequests {
    private ServiceRequests() {}

    static ServiceStart of(ServiceSpec s) {
        return new ServiceStart(s.name(), s.command(), s.workingDirectory(), s.environment(), s.cores(), s.readiness(),
                millis(s.startTimeout()), s.stopSignal(), millis(s.stopGrace()), false,
                s.stopInput() == null ? null : s.stopInput().quit());
    }

    private static long millis(Duration d) {
        return d == null ? 0 : d.toMillis();
    }
}
