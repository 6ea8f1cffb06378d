package dev.labdeck.controller.service;

import dev.labdeck.controller.profile.DpdkCommand;
import dev.labdeck.controller.profile.ServiceSpec;
import dev.labdeck.protocol.ServiceStart;
import java.time.Duration;
import java.util.List;

/** A profile's service as the agent's start request. */
final class ServiceRequests {
    private ServiceRequests() {}

    static ServiceStart of(ServiceSpec s) {
        return of(s, null);
    }

    /**
     * A secondary's command gets {@code --proc-type secondary} and its primary's file prefix (the
     * agent maps that prefix to this run's, as for the primary).
     */
    static ServiceStart of(ServiceSpec s, ServiceSpec primary) {
        List<String> command = primary == null ? s.command()
                : DpdkCommand.asSecondary(s.command(), DpdkCommand.filePrefix(primary.command()));
        return new ServiceStart(s.name(), command, s.workingDirectory(), s.environment(), s.cores(), s.readiness(),
                millis(s.startTimeout()), s.stopSignal(), millis(s.stopGrace()), false,
                s.stopInput() == null ? null : s.stopInput().quit());
    }

    private static long millis(Duration d) {
        return d == null ? 0 : d.toMillis();
    }
}
