package dev.labdeck.controller.service;

import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ServiceOrder;
import dev.labdeck.controller.profile.ServiceSpec;
import dev.labdeck.protocol.ReadinessProbe;
import java.time.Duration;
import java.util.List;

/** What START SERVICES will do, in words: the text {@code labdeck run --dry-run} prints. */
public final class ServicePlan {
    private ServicePlan() {}

    /**
     * The start order across hosts with each service's host, cores, command, working directory,
     * what it waits for and its readiness probe; then the teardown order.
     *
     * @throws IllegalArgumentException for unknown {@code after} names or a cycle (the validator
     *         reports those with file:line:column first)
     */
    public static String describe(Profile profile) {
        ServiceOrder order = ServiceOrder.of(profile);
        List<ServiceOrder.Step> steps = order.steps();
        StringBuilder out = new StringBuilder();
        if (steps.isEmpty()) {
            return "START SERVICES: the profile starts no services.\n";
        }
        out.append("START SERVICES: ").append(steps.size()).append(steps.size() == 1 ? " service" : " services")
                .append(", each started after what it names in 'after' is ready:\n");
        int i = 1;
        for (ServiceOrder.Step step : steps) {
            ServiceSpec s = step.service();
            out.append(String.format("%3d. %s on host %s", i++, s.name(), step.host().name()));
            out.append(s.cores().isEmpty() ? ", any core" : ", cores " + joinCores(s.cores()));
            if (!s.after().isEmpty()) {
                out.append(", after ").append(String.join(", ", s.after()));
            }
            if (s.dpdkPrimary() != null) {
                out.append(", DPDK secondary of ").append(s.dpdkPrimary());
            }
            out.append('\n');
            out.append("       command: ").append(String.join(" ", s.command())).append('\n');
            if (s.workingDirectory() != null && !s.workingDirectory().isBlank()) {
                out.append("       workdir: ").append(s.workingDirectory()).append('\n');
            }
            out.append("       ready when: ").append(probe(s.readiness()))
                    .append(" (within ").append(seconds(s.startTimeout())).append(")\n");
            var in = s.stopInput();
            if (in != null && in.quiesce() != null) {
                out.append("       quiesce: '").append(in.quiesce()).append("' on its stdin when TEARDOWN starts, before any"
                        + " service stops").append(in.quiesced() == null ? "" : "; waits for output /" + in.quiesced() + "/")
                        .append('\n');
            }
            if (in != null && in.quit() != null) {
                out.append("       quit: '").append(in.quit()).append("' on its stdin; if it has not exited after ")
                        .append(seconds(s.stopGrace())).append(":\n");
            }
            out.append("       stop: SIG").append(s.stopSignal() == null ? "TERM" : s.stopSignal())
                    .append(" to its process group, SIGKILL after ").append(seconds(s.stopGrace()))
                    .append(s.crashFailsRun() ? "; an exit during the run fails it" : "").append('\n');
        }
        out.append("TEARDOWN stops them in reverse order: ")
                .append(String.join(", ", order.reversed().stream().map(st -> st.service().name()).toList()))
                .append('\n');
        return out.toString();
    }

    static String probe(ReadinessProbe p) {
        if (p == null) {
            return "started";
        }
        return switch (p) {
            case ReadinessProbe.UnixSocket u -> "unix socket " + u.path() + " listening"
                    + (u.path().startsWith("@") ? " (abstract)" : "");
            case ReadinessProbe.TcpPort t -> "TCP port " + t.port() + " listening";
            case ReadinessProbe.LogLine l -> "its output matches /" + l.pattern() + "/";
            case ReadinessProbe.DpdkLinkUp d -> "DPDK process '" + d.filePrefix() + "' port " + d.port() + " link up (telemetry)";
            case ReadinessProbe.FileExists f -> "file " + f.path() + " exists";
            case ReadinessProbe.Delay d -> seconds(Duration.ofMillis(d.millis())) + " after start";
        };
    }

    private static String joinCores(List<Integer> cores) {
        return String.join(",", cores.stream().map(String::valueOf).toList());
    }

    static String seconds(Duration d) {
        if (d == null) {
            return "the default timeout";
        }
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }
}
