package dev.labdeck.controller.cli;

import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileException;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.profile.ProfileProblem;
import dev.labdeck.controller.results.RunDirectory;
import dev.labdeck.controller.results.RunStatus;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.ThresholdEvaluator;
import dev.labdeck.controller.results.ThresholdResult;
import dev.labdeck.controller.results.TrafficSummary;
import dev.labdeck.controller.live.LiveExport;
import dev.labdeck.controller.run.HostState;
import dev.labdeck.controller.run.RunEvent;
import dev.labdeck.controller.run.RunListener;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.controller.engine.RunEngine;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.engine.RunPlan;
import dev.labdeck.controller.transport.TransportOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code labdeck run PROFILE}: runs a test and keeps its results. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a test profile and keeps its results.", "",
                "Starts the agents, drives the traffic with live progress, tears everything down, and writes",
                "summary.json, events.jsonl, metrics.csv, junit.xml and report.html into the run directory."},
        footer = {"", "Exit codes: 0 every threshold holds, 1 a threshold failed, 2 invalid input, 3 the run failed, 130 aborted (Ctrl-C; everything torn down)."})
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    /** How long Ctrl-C waits for TEARDOWN before the JVM exits anyway. */
    private static final Duration TEARDOWN_ON_INTERRUPT = Duration.ofSeconds(60);

    @Parameters(index = "0", paramLabel = "PROFILE", description = "the profile (YAML) to run")
    Path profileFile;

    @Option(names = "--out", paramLabel = "DIR", description = "write the results here instead of runs/<time>-<profile>/")
    Path out;

    @Option(names = "--accept-new-host-keys", description = "accept and remember SSH host keys not seen before (a changed key is always refused)")
    boolean acceptNewHostKeys;

    @Option(names = "--dry-run", description = "print what the run would do (hosts, transports, phases, service order) and exit")
    boolean dryRun;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "while the run goes, serve its samples on 127.0.0.1:PORT: /metrics (Prometheus text format) and /events (server-sent events); 0 picks a free port")
    Integer metricsPort;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Profile profile;
        try {
            profile = ProfileLoader.load(profileFile);
        } catch (ProfileException e) {
            for (ProfileProblem p : e.problems()) {
                stderr.println(p);
            }
            stderr.flush();
            return LabDeckCli.EXIT_INVALID_INPUT;
        }
        if (dryRun) {
            RunPlan.describe(profile).forEach(stdout::println);
            stdout.flush();
            return LabDeckCli.EXIT_OK;
        }
        if (out != null && RunDirectory.holdsRun(out)) {
            stderr.println("labdeck run: " + out + " already holds a run; choose another --out directory");
            stderr.flush();
            return LabDeckCli.EXIT_INVALID_INPUT;
        }
        RunOptions options = RunOptions.defaults()
                .withOutputDirectory(out)
                .withTransport(TransportOptions.defaults().withAcceptNewHostKeys(acceptNewHostKeys));
        RunProgress progress = new RunProgress(stdout, isTerminal(), profile);
        LiveExport live = null;
        if (metricsPort != null) {
            try {
                live = LiveExport.start(metricsPort);
            } catch (IOException | IllegalArgumentException e) {
                stderr.println("labdeck run: --metrics-port " + metricsPort + ": " + e.getMessage());
                stderr.flush();
                return LabDeckCli.EXIT_INVALID_INPUT;
            }
        }
        try (LiveExport exported = live) {
            return run(profile, options, progress, exported, stdout, stderr);
        }
    }

    private int run(Profile profile, RunOptions options, RunProgress progress, LiveExport live, PrintWriter stdout,
                    PrintWriter stderr) {
        RunHandle handle;
        try {
            handle = RunEngine.start(profile, options, live == null ? progress : new BothListeners(progress, live));
        } catch (IOException e) {
            LOG.info("cannot create the run directory", e);
            stderr.println("labdeck run: cannot create the run directory: " + e.getMessage());
            stderr.flush();
            return LabDeckCli.EXIT_RUN_FAILED;
        }
        AutoCloseable runLog = LogLevels.intoRunDirectory(handle.runDirectory());
        stdout.println("run " + handle.runId() + " → " + handle.runDirectory());
        if (live != null) {
            live.run(handle.runId(), profile.name());
            stdout.println("live: http://127.0.0.1:" + live.port() + "/metrics (Prometheus), http://127.0.0.1:" + live.port()
                    + "/events (server-sent events)");
        }
        stdout.flush();
        // Ctrl-C: leave nothing behind on the hosts; the JVM waits for shutdown hooks to finish
        Thread hook = new Thread(() -> {
            if (!handle.isDone()) {
                progress.end();
                stderr.println("labdeck run: interrupted, tearing down ...");
                stderr.flush();
                handle.abort();
                try {
                    handle.await(TEARDOWN_ON_INTERRUPT);
                } catch (InterruptedException | TimeoutException e) {
                    stderr.println("labdeck run: teardown did not finish in " + TEARDOWN_ON_INTERRUPT.toSeconds() + " s");
                    stderr.flush();
                }
            }
        }, "labdeck-run-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        RunSummary summary;
        try {
            summary = handle.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.abort();
            return LabDeckCli.EXIT_RUN_FAILED;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already and finishes the teardown
            }
            try {
                runLog.close();
            } catch (Exception e) {
                LOG.debug("closing the run's log: {}", e.toString());
            }
        }
        progress.end();
        printSummary(summary, stdout, stderr);
        return switch (summary.status()) {
            case PASSED -> LabDeckCli.EXIT_OK;
            case FAILED -> LabDeckCli.EXIT_THRESHOLD_FAILED;
            case ERROR, RUNNING -> LabDeckCli.EXIT_RUN_FAILED;
            case ABORTED -> LabDeckCli.EXIT_ABORTED;
        };
    }

    private static void printSummary(RunSummary s, PrintWriter out, PrintWriter err) {
        out.println();
        out.println(s.status().json().toUpperCase(Locale.ROOT) + "  " + s.profile());
        List<String> steps = dev.labdeck.controller.sweep.SweepLines.of(s.sections());
        steps.forEach(l -> out.println("  " + l));
        TrafficSummary t = s.traffic();
        if (t != null) {
            if (!steps.isEmpty()) out.println("  last " + (s.sections().containsKey("sweep") ? "step" : "trial") + ":");
            out.println(String.format(Locale.ROOT, "  sent %,d packets, received %,d, lost %,d (%.3f %%)",
                    t.txPackets(), t.rxPackets(), t.lostPackets(), t.lossPercent()));
            out.println(String.format(Locale.ROOT, "  tx %,.0f pps, rx %,.0f pps over %.2f s", t.txPps(), t.rxPps(),
                    t.durationSeconds()) + (t.engine() == null ? "" : ", " + t.engine() + " engine"));
            if (t.latencyUs() != null && t.latencyUs().samples() > 0) {
                out.println(String.format(Locale.ROOT, "  one-way latency p50 %.1f µs, p99 %.1f µs, p99.9 %.1f µs, max %.1f µs%s",
                        t.latencyUs().p50(), t.latencyUs().p99(), t.latencyUs().p99_9(), t.latencyUs().max(),
                        t.clockOffset() == null || t.clockOffset().source().equals(t.clockOffset().sink()) ? ""
                                : String.format(Locale.ROOT, " (clocks %.1f ± %.1f µs apart)", t.clockOffset().offsetUs(),
                                t.clockOffset().uncertaintyUs())));
            }
            if (t.generatorLimited()) {
                out.println(String.format(Locale.ROOT, "  generator-limited: the source reached %,.0f of %,d pps asked (%.1f %%, %s engine)",
                        t.achievedPps(), t.requestedPps(), t.achievedPps() * 100.0 / t.requestedPps(), t.engine()));
            }
        }
        printHttp(s, out);
        if (s.dstCpu() != null) {
            out.println(String.format(Locale.ROOT, "  CPU on %s: %.1f %% mean over %d cores", s.dstCpu().host(),
                    s.dstCpu().mean(), s.dstCpu().perCore().size()));
        }
        printXdp(s, out);
        for (ThresholdResult r : s.thresholds()) {
            out.println("  " + (r.passed() ? "ok    " : "FAILED") + " " + r.expression()
                    + (r.actual() == null ? " (not measured)" : " (actual " + ThresholdEvaluator.format(r.actual()) + ")"));
        }
        out.println("results: " + s.runDirectory());
        out.flush();
        if (s.status() == RunStatus.ABORTED) {
            err.println("labdeck run: aborted" + (s.error() == null ? "" : " in " + s.error().step())
                    + "; every host was torn down");
            err.flush();
        } else if (s.error() != null) {
            err.println("labdeck run: the run failed: " + (s.error().host() == null ? "" : s.error().host() + ": ")
                    + s.error().step() + ": " + s.error().message());
            err.println("  details: ~/.labdeck/labdeck.log and " + s.runDirectory() + "/events.jsonl");
            err.flush();
        }
    }

    /** summary.json's http section (see HttpSummary) in the words of the report's HTTP block, and what was not reached. */
    private static void printHttp(RunSummary s, PrintWriter out) {
        com.fasterxml.jackson.databind.JsonNode h = s.sections().get("http");
        if (h == null) {
            return;
        }
        List<String> kinds = new java.util.ArrayList<>();
        h.path("errors_by_kind").fields().forEachRemaining(e -> kinds.add(String.format(Locale.ROOT, "%s: %,d", e.getKey(),
                e.getValue().asLong())));
        out.println(String.format(Locale.ROOT, "  HTTP: %,d requests answered, %,.1f requests/s over %.2f s%s, %d connections, %,d errors%s",
                h.path("requests").asLong(), h.path("requests_per_s").asDouble(), h.path("duration_s").asDouble(),
                h.path("requested_rate_per_s").isNumber() ? String.format(Locale.ROOT, " (%,d asked)", h.path("requested_rate_per_s").asLong()) : "",
                h.path("connections").asInt(), h.path("errors").asLong(), kinds.isEmpty() ? "" : " (" + String.join(", ", kinds) + ")"));
        out.println(String.format(Locale.ROOT, "  HTTP bytes on the connections: sent %,d, received %,d (requests and answers whole)",
                h.path("tx_bytes").asLong(), h.path("rx_bytes").asLong()));
        com.fasterxml.jackson.databind.JsonNode lat = h.path("latency_us");
        out.println(String.format(Locale.ROOT, "  HTTP latency p50 %,d µs, p90 %,d µs, p99 %,d µs, p99.9 %,d µs, max %,d µs",
                lat.path("p50").asLong(), lat.path("p90").asLong(), lat.path("p99").asLong(), lat.path("p99_9").asLong(),
                lat.path("max").asLong()));
        h.path("not_reached").forEach(n -> out.println("  not reached: " + n.asText()));
    }

    /** The XDP stage's sections (see XdpStage): what the program saw, and the baseline beside it. */
    private static void printXdp(RunSummary s, PrintWriter out) {
        com.fasterxml.jackson.databind.JsonNode baseline = s.sections().get("baseline");
        if (baseline != null) {
            out.println(String.format(Locale.ROOT, "  baseline without XDP: rx %,.0f pps, lost %.3f %%, CPU on dst %.1f %%",
                    baseline.path("rx_pps").asDouble(), baseline.path("loss_percent").asDouble(),
                    baseline.path("dst_cpu").path("mean").asDouble()));
        }
        com.fasterxml.jackson.databind.JsonNode xdp = s.sections().get("xdp");
        if (xdp != null) {
            StringBuilder flows = new StringBuilder();
            for (com.fasterxml.jackson.databind.JsonNode f : xdp.path("per_flow")) {
                flows.append(flows.isEmpty() ? "" : ", ").append(f.path("port").asInt()).append(": ")
                        .append(String.format(Locale.ROOT, "%,d", f.path("packets").asLong()));
            }
            out.println(String.format(Locale.ROOT, "  XDP saw %,d packets%s", xdp.path("packets").asLong(),
                    flows.isEmpty() ? "" : " (by port " + flows + ")"));
        }
    }

    /** The terminal's progress and the live export, each told everything in turn. */
    private record BothListeners(RunListener first, RunListener second) implements RunListener {
        @Override
        public void phase(RunPhase p) {
            first.phase(p);
            second.phase(p);
        }

        @Override
        public void hostState(String host, HostState state, String detail) {
            first.hostState(host, state, detail);
            second.hostState(host, state, detail);
        }

        @Override
        public void samples(String host, java.util.List<dev.labdeck.protocol.Sample> samples) {
            first.samples(host, samples);
            second.samples(host, samples);
        }

        @Override
        public void event(RunEvent e) {
            first.event(e);
            second.event(e);
        }

        @Override
        public void finished(RunSummary summary) {
            first.finished(summary);
            second.finished(summary);
        }
    }

    private static boolean isTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }
}
