package dev.labdeck.controller.profile;

import dev.labdeck.protocol.ReadinessProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A process LabDeck starts on a host in START SERVICES (an item of a host's {@code services}).
 *
 * @param after        names of services (on any host) that must be ready first
 * @param readiness    null: ready once started
 * @param signal       the signal it is stopped with
 * @param crashFailsRun whether an exit during the run, or a death by another signal than its stop signal at
 *                      teardown, fails it
 */
public record ServiceSpec(
        @Key(required = true, what = "service name", doc = "unique across all hosts") String name,
        @Key(custom = true, required = true, doc = "argument list, no shell") List<String> command,
        @Key(name = "workdir", doc = "the directory the command starts in") String workingDirectory,
        @Key(name = "env", custom = true, doc = "environment variables; quote values such as \"yes\" or \"true\"")
        Map<String, String> environment,
        @Key(oneOrMore = true, min = 0, orElse = "[]", doc = "CPU cores to pin the process to") List<Integer> cores,
        @Key(oneOrMore = true, orElse = "[]", doc = "services (on any host) that must be ready first")
        List<String> after,
        @Key(custom = true, doc = "how LabDeck knows the service is ready; ready once started when left out")
        ReadinessProbe readiness,
        @Key(positive = true, orElse = "30s", doc = "how long to wait for readiness") Duration startTimeout,
        @Key(name = "stop_signal", orElse = "TERM", what = "stop signal", doc = "the signal it is stopped with")
        StopSignal signal,
        @Key(orElse = "5s", doc = "how long after the stop signal before SIGKILL") Duration stopGrace,
        @Key(orElse = "true", doc = "whether its exit during the run, or its death by another signal than its"
                + " stop signal (a crash) when stopped, fails the run") boolean crashFailsRun,
        @Key(orElse = "service", doc = "service: runs until TEARDOWN; load: the test's load, MEASURE lasts until"
                + " every load service has exited (or measure.duration has passed)") ServiceRole role,
        @Key(orElse = "[]", doc = "figures read from what the service wrote (its output or a file) after MEASURE,"
                + " into summary.json as services.<name>.figures.<figure>") List<ServiceFigure> figures,
        @Key(doc = "its own clean stop through its stdin before the stop signal (an interactive dpdk-testpmd:"
                + " {quiesce: stop, quiesced: '^Done\\.$', quit: quit})") ServiceStopInput stopInput,
        @Key(doc = "its part in a DPDK multi-process application: {proc_type: secondary, primary: lb_c} starts it"
                + " after lb_c is ready, with lb_c's --file-prefix, and stops it before lb_c (hugepages needed)")
        DpdkProcess dpdk,
        @Key(orElse = "[]", doc = "files it writes (relative to its workdir, e.g. a pcap) copied into the run directory as"
                + " services/<name>/<file> after it has stopped; each at most 256 MiB") List<String> collect) {

    public ServiceSpec {
        figures = figures == null ? List.of() : List.copyOf(figures);
        collect = collect == null ? List.of() : List.copyOf(collect);
    }

    /** Without files to collect, as before they existed. */
    public ServiceSpec(String name, List<String> command, String workingDirectory, Map<String, String> environment,
                       List<Integer> cores, List<String> after, ReadinessProbe readiness, Duration startTimeout,
                       StopSignal signal, Duration stopGrace, boolean crashFailsRun, ServiceRole role,
                       List<ServiceFigure> figures, ServiceStopInput stopInput, DpdkProcess dpdk) {
        this(name, command, workingDirectory, environment, cores, after, readiness, startTimeout, signal, stopGrace,
                crashFailsRun, role, figures, stopInput, dpdk, List.of());
    }

    /** Without a DPDK process type, as before it existed. */
    public ServiceSpec(String name, List<String> command, String workingDirectory, Map<String, String> environment,
                       List<Integer> cores, List<String> after, ReadinessProbe readiness, Duration startTimeout,
                       StopSignal signal, Duration stopGrace, boolean crashFailsRun, ServiceRole role,
                       List<ServiceFigure> figures, ServiceStopInput stopInput) {
        this(name, command, workingDirectory, environment, cores, after, readiness, startTimeout, signal, stopGrace,
                crashFailsRun, role, figures, stopInput, null);
    }

    /** The DPDK primary it attaches to as a secondary process, or null. */
    public String dpdkPrimary() {
        return dpdk != null && dpdk.secondary() ? dpdk.primary() : null;
    }

    /** What it starts after: {@code after}, and a secondary's primary. */
    public List<String> startsAfter() {
        String primary = dpdkPrimary();
        if (primary == null || after.contains(primary)) {
            return after;
        }
        List<String> all = new java.util.ArrayList<>(after);
        all.add(primary);
        return List.copyOf(all);
    }

    /** Without a stop input, as before it existed. */
    public ServiceSpec(String name, List<String> command, String workingDirectory, Map<String, String> environment,
                       List<Integer> cores, List<String> after, ReadinessProbe readiness, Duration startTimeout,
                       StopSignal signal, Duration stopGrace, boolean crashFailsRun, ServiceRole role,
                       List<ServiceFigure> figures) {
        this(name, command, workingDirectory, environment, cores, after, readiness, startTimeout, signal, stopGrace,
                crashFailsRun, role, figures, null, null);
    }

    /** Without figures, as before they existed. */
    public ServiceSpec(String name, List<String> command, String workingDirectory, Map<String, String> environment,
                       List<Integer> cores, List<String> after, ReadinessProbe readiness, Duration startTimeout,
                       StopSignal signal, Duration stopGrace, boolean crashFailsRun, ServiceRole role) {
        this(name, command, workingDirectory, environment, cores, after, readiness, startTimeout, signal, stopGrace,
                crashFailsRun, role, List.of());
    }

    /** Without a role (a plain service), as before roles existed. */
    public ServiceSpec(String name, List<String> command, String workingDirectory, Map<String, String> environment,
                       List<Integer> cores, List<String> after, ReadinessProbe readiness, Duration startTimeout,
                       StopSignal signal, Duration stopGrace, boolean crashFailsRun) {
        this(name, command, workingDirectory, environment, cores, after, readiness, startTimeout, signal, stopGrace,
                crashFailsRun, ServiceRole.SERVICE);
    }

    /** True when the service is the run's load (role load). */
    public boolean load() {
        return role == ServiceRole.LOAD;
    }

    /** With the stop signal as a word (TERM, SIGUSR1), as the desktop app gives it. */
    public ServiceSpec(String name, List<String> command, String workingDirectory, Map<String, String> environment,
                       List<Integer> cores, List<String> after, ReadinessProbe readiness, Duration startTimeout,
                       String stopSignal, Duration stopGrace, boolean crashFailsRun) {
        this(name, command, workingDirectory, environment, cores, after, readiness, startTimeout,
                stopSignal == null ? null : ProfileWord.of(StopSignal.class, stopSignal), stopGrace, crashFailsRun);
    }

    /** The stop signal's name without SIG (TERM), or null. */
    public String stopSignal() {
        return signal == null ? null : signal.word();
    }
}
