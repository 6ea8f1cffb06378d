package dev.labdeck.controller.profile;

import dev.labdeck.protocol.ReadinessProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A process LabDeck starts on a host in START SERVICES.
 *
 * @param after        names of services (on any host) that must be ready first
 * @param readiness    null: ready once started
 * @param crashFailsRun whether an exit during the run fails it
 */
public record ServiceSpec(
        String name,
        List<String> command,
        String workingDirectory,
        Map<String, String> environment,
        List<Integer> cores,
        List<String> after,
        ReadinessProbe readiness,
        Duration startTimeout,
        String stopSignal,
        Duration stopGrace,
        boolean crashFailsRun) {}
