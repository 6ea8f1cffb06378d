package dev.labdeck.gui.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.run.RunEvent;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.gui.engine.ControllerProfileFiles;
import dev.labdeck.gui.lab.LabViewModelTest;
import dev.labdeck.gui.profile.ProfileDocument;
import dev.labdeck.gui.profile.RecentFiles;
import dev.labdeck.gui.task.BackgroundTasks;
import dev.labdeck.protocol.Metrics;
import dev.labdeck.protocol.Sample;
import dev.labdeck.testkit.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Run view model fed as the engine feeds it, with no engine and no screen. */
class RunViewModelTest {
    @TempDir Path dir;
    RunViewModel vm;
    AtomicReference<RunUpdates> updates = new AtomicReference<>();
    AtomicBoolean aborted = new AtomicBoolean();
    List<RunOutcome> finished = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        BackgroundTasks direct = new BackgroundTasks(Runnable::run);
        ProfileDocument doc = new ProfileDocument(new ControllerProfileFiles(), direct, new RecentFiles(dir.resolve("recent")));
        doc.show(ProfileLoader.parse(LabViewModelTest.LAB, "lab.yaml"), null, false);
        Eventually.await("check", Duration.ofSeconds(10), () -> !doc.yamlProperty().get().isEmpty());
        RunControl control = (profile, mode, u) -> {
            updates.set(u);
            return () -> aborted.set(true);
        };
        vm = new RunViewModel(doc, control, direct);
        vm.setOnFinished(finished::add);
        vm.run();
        Eventually.await("the run to start", Duration.ofSeconds(10), () -> updates.get() != null);
    }

    private static RunEvent event(RunPhase phase, String level, String host, String kind, String message, Map<String, String> data) {
        return new RunEvent(Instant.now(), dev.labdeck.protocol.EventLevel.of(level), phase, host, kind, message, data);
    }

    private PhaseStep.State state(RunPhase p) {
        return vm.phases().get(p.ordinal()).state();
    }

    @Test
    void phaseTimelineShowsDoneActiveAndPending() {
        RunUpdates u = updates.get();
        u.phase(RunPhase.PLAN);
        u.phase(RunPhase.PREFLIGHT);
        u.phase(RunPhase.DEPLOY);
        assertEquals(PhaseStep.State.DONE, state(RunPhase.PLAN));
        assertEquals(PhaseStep.State.DONE, state(RunPhase.PREFLIGHT));
        assertTrue(vm.phases().get(RunPhase.PREFLIGHT.ordinal()).durationMs() >= 0);
        assertEquals(PhaseStep.State.ACTIVE, state(RunPhase.DEPLOY));
        assertEquals(PhaseStep.State.PENDING, state(RunPhase.MEASURE));
        assertEquals(RunPhase.DEPLOY, vm.phaseProperty().get());
        assertTrue(vm.isRunning());
    }

    @Test
    void aFailedPhaseIsMarkedAndTheSkippedOnesToo() {
        RunUpdates u = updates.get();
        u.phase(RunPhase.PLAN);
        u.phase(RunPhase.PREFLIGHT);
        u.phase(RunPhase.DEPLOY);
        u.event(event(RunPhase.DEPLOY, "error", "dst", "error", "dst: deploy: ssh connection refused", Map.of()));
        u.phase(RunPhase.TEARDOWN);
        u.phase(RunPhase.REPORT);
        u.finished(new RunOutcome("error", "dst: deploy: ssh connection refused", dir, null));
        assertEquals(PhaseStep.State.FAILED, state(RunPhase.DEPLOY));
        assertEquals(PhaseStep.State.SKIPPED, state(RunPhase.MEASURE));
        assertEquals(PhaseStep.State.DONE, state(RunPhase.TEARDOWN));
        assertEquals(PhaseStep.State.DONE, state(RunPhase.REPORT));
        assertFalse(vm.isRunning());
        assertEquals("Error: dst: deploy: ssh connection refused", vm.statusProperty().get());
        assertEquals(1, finished.size());
    }

    @Test
    void tilesShowSourceTxSinkRxLossAndDestinationCpu() {
        RunUpdates u = updates.get();
        u.samples("src", List.of(new Sample(1000, Metrics.TRAFFIC_TX_PPS, Map.of(), 10_000)));
        u.samples("dst", List.of(
                new Sample(1000, Metrics.SINK_RX_PPS, Map.of(), 9_900),
                new Sample(1000, Metrics.SINK_RX_PACKETS, Map.of("flow", "0"), 990),
                new Sample(1000, Metrics.SINK_RX_PACKETS, Map.of("flow", "1"), 990),
                new Sample(1000, Metrics.SINK_LOST, Map.of("flow", "0"), 20),
                new Sample(1000, Metrics.SINK_LOST, Map.of("flow", "1"), 0),
                new Sample(1000, Metrics.CPU_TOTAL_UTIL, Map.of(), 42.5),
                new Sample(1000, Metrics.CPU_CORE_UTIL, Map.of("core", "0"), 80)));
        u.samples("src", List.of(new Sample(1000, Metrics.CPU_TOTAL_UTIL, Map.of(), 7)));
        assertEquals(10_000, vm.txPpsProperty().get());
        assertEquals(9_900, vm.rxPpsProperty().get());
        assertEquals(1.0, vm.lossPercentProperty().get(), 1e-9);
        assertEquals(42.5, vm.dstCpuProperty().get(), "the sink's CPU, not the source's");
        assertEquals(List.of(new SeriesKey(ChartKind.CPU, "dst", "core 0")),
                vm.seriesFor(ChartKind.CPU, "dst").stream().filter(k -> k.label().startsWith("core")).toList());
    }

    @Test
    void countersBecomeRatesForXdpAndDpdkCharts() {
        RunUpdates u = updates.get();
        u.samples("dst", List.of(new Sample(1000, Metrics.XDP_PACKETS, Map.of("flow", "12345"), 1000)));
        u.samples("dst", List.of(new Sample(1500, Metrics.XDP_PACKETS, Map.of("flow", "12345"), 3000)));
        SeriesKey k = new SeriesKey(ChartKind.XDP, "dst", "flow 12345");
        assertEquals(List.of(k), vm.seriesFor(ChartKind.XDP, null));
        assertEquals(4000, vm.series(k).lastValue(), 1e-9);
        assertEquals(0.5, vm.secondsOf(1500), 1e-9);
    }

    @Test
    void eventLogFiltersAndServiceLogsArePerHostAndService() {
        RunUpdates u = updates.get();
        u.event(event(RunPhase.DEPLOY, "info", "src", "host.state", "agent 0.1.0 ready", Map.of()));
        u.event(event(RunPhase.START_SERVICES, "info", "memif", "service.ready", "lb_s ready", Map.of()));
        u.event(event(RunPhase.START_SERVICES, "info", "memif", "service.log", "EAL: Detected 2 lcores", Map.of("service", "lb_s")));
        u.event(event(RunPhase.START_SERVICES, "warn", "dst", "xdp", "native mode failed, using generic", Map.of()));
        assertEquals(3, vm.events().size(), "log lines go to the service logs, not the event log");
        vm.eventFilterProperty().set("memif");
        assertEquals(List.of("lb_s ready"), vm.filteredEvents().stream().map(EventLine::message).toList());
        vm.eventFilterProperty().set("WARN");
        assertEquals(1, vm.filteredEvents().size());
        vm.eventFilterProperty().set("");
        assertEquals(3, vm.filteredEvents().size());
        assertEquals(List.of("memif / lb_s"), vm.serviceLogNames());
        assertEquals(List.of("EAL: Detected 2 lcores"), vm.serviceLog("memif / lb_s"));
    }

    @Test
    void abortAsksTheEngineAndTheRunEndsWhenItSaysSo() {
        vm.abort();
        Eventually.await("abort", Duration.ofSeconds(5), aborted::get);
        assertTrue(vm.isRunning(), "teardown still goes on");
        updates.get().finished(new RunOutcome("aborted", "aborted by the user", dir, null));
        assertFalse(vm.isRunning());
        assertEquals("Aborted; everything was torn down.", vm.statusProperty().get());
    }

    @Test
    void aSecondRunStartsClean() {
        updates.get().samples("src", List.of(new Sample(1000, Metrics.TRAFFIC_TX_PPS, Map.of(), 10_000)));
        updates.get().finished(new RunOutcome("passed", "ok", dir, null));
        RunUpdates first = updates.get();
        updates.set(null);
        vm.run();
        Eventually.await("second run", Duration.ofSeconds(5), () -> updates.get() != null);
        first.samples("src", List.of(new Sample(2000, Metrics.TRAFFIC_TX_PPS, Map.of(), 5)));
        assertTrue(Double.isNaN(vm.txPpsProperty().get()), "the old run's late samples are ignored");
        assertTrue(vm.seriesKeys().isEmpty());
        assertNull(vm.outcomeProperty().get());
    }

    /** A run of {@code yaml} on a fresh view model; returns its updates. */
    private RunUpdates startRun(RunViewModel model, AtomicReference<RunUpdates> into) {
        into.set(null);
        model.run();
        Eventually.await("the run to start", Duration.ofSeconds(10), () -> into.get() != null);
        return into.get();
    }

    @Test
    void progressSaysTimeLeftPerPhaseAndForTheWholeRun() throws Exception {
        String yaml = LabViewModelTest.LAB.replace("duration: 2s", "duration: 30s\n  warmup: 5s\n  cooldown: 2s");
        BackgroundTasks direct = new BackgroundTasks(Runnable::run);
        ProfileDocument doc = new ProfileDocument(new ControllerProfileFiles(), direct, new RecentFiles(dir.resolve("recent2")));
        doc.show(ProfileLoader.parse(yaml, "timed.yaml"), null, false);
        Eventually.await("check", Duration.ofSeconds(10), () -> !doc.yamlProperty().get().isEmpty());
        AtomicReference<RunUpdates> into = new AtomicReference<>();
        RunViewModel model = new RunViewModel(doc, (profile, mode, u) -> {
            into.set(u);
            return () -> {};
        }, direct);

        RunUpdates u = startRun(model, into);
        Instant t0 = Instant.now();
        u.phase(RunPhase.PLAN);
        u.phase(RunPhase.DEPLOY);
        model.tick(Instant.now().plusMillis(3000));
        assertEquals("DEPLOY  3.0 s", model.phaseProgressTextProperty().get());
        assertEquals(-1, model.phaseProgressProperty().get(), "a first run cannot tell how long DEPLOY takes");
        assertTrue(model.runProgressTextProperty().get().endsWith("at least 0:37 left (other phases' times are known after a first run)"),
                model.runProgressTextProperty().get());

        u.phase(RunPhase.WARMUP);
        model.tick(Instant.now().plusMillis(2000));
        assertEquals("WARMUP  2.0 s of 5.0 s · 3.0 s left", model.phaseProgressTextProperty().get());
        assertEquals(0.4, model.phaseProgressProperty().get(), 0.01);
        assertTrue(model.runProgressTextProperty().get().endsWith("at least 0:35 left (other phases' times are known after a first run)"),
                model.runProgressTextProperty().get());

        u.phase(RunPhase.MEASURE);
        model.tick(Instant.now().plusMillis(12_000));
        assertEquals("MEASURE  12 s of 30 s · 18 s left", model.phaseProgressTextProperty().get());
        assertEquals(0.4, model.phaseProgressProperty().get(), 0.01);
        u.phase(RunPhase.COOLDOWN);
        u.phase(RunPhase.COLLECT);
        u.phase(RunPhase.TEARDOWN);
        u.phase(RunPhase.REPORT);
        u.finished(new RunOutcome("passed", "ok", dir, null));
        assertEquals(1, model.runProgressProperty().get());
        assertTrue(model.runProgressTextProperty().get().matches("Run  0:\\d\\d in all"), model.runProgressTextProperty().get());

        // the second run of the same profile knows what the untimed phases took: "about", with a fraction
        u = startRun(model, into);
        u.phase(RunPhase.PLAN);
        u.phase(RunPhase.DEPLOY);
        model.tick(Instant.now().plusMillis(100));
        assertTrue(model.phaseProgressTextProperty().get().startsWith("DEPLOY  0.1 s · took "), model.phaseProgressTextProperty().get());
        assertTrue(model.phaseProgressProperty().get() >= 0);
        assertTrue(model.runProgressTextProperty().get().contains("elapsed · about 0:3"), model.runProgressTextProperty().get());
        double fraction = model.runProgressProperty().get();
        assertTrue(fraction > 0 && fraction < 0.1, "fraction " + fraction);
        assertTrue(Duration.between(t0, Instant.now()).toSeconds() < 30, "the test itself does not wait");
    }

    @Test
    void afterTheRunTheTilesHoldTheRunsResultNotTheLastSecond() {
        RunUpdates u = updates.get();
        u.samples("src", List.of(new Sample(1000, Metrics.TRAFFIC_TX_PPS, Map.of(), 10_000)));
        u.samples("dst", List.of(new Sample(1000, Metrics.SINK_RX_PPS, Map.of(), 9_000),
                new Sample(1000, Metrics.CPU_TOTAL_UTIL, Map.of(), 80)));
        u.samples("src", List.of(new Sample(2000, Metrics.TRAFFIC_TX_PPS, Map.of(), 120)));
        assertEquals(120, vm.txPpsProperty().get(), "while it runs: the last sample");
        u.finished(new RunOutcome("passed", "ok", dir, null, new RunFigures(9_950.5, 9_940.25, 0.1, 41.5, 10_000)));
        assertEquals(9_950.5, vm.txPpsProperty().get());
        assertEquals(9_940.25, vm.rxPpsProperty().get());
        assertEquals(0.1, vm.lossPercentProperty().get());
        assertEquals(41.5, vm.dstCpuProperty().get());
        assertEquals(10_000, vm.resultProperty().get().requestedPps());
    }

    @Test
    void aSweepSaysWhichStepOfHowManyAndAsksForThatStepsRate() {
        RunUpdates u = updates.get();
        u.phase(RunPhase.PLAN);
        // read from the event's data, not its wording (the message here says nothing the app could parse)
        u.event(event(null, "info", null, "sweep.step", "next step",
                Map.of("step", "2", "steps", "3", "name", "100000pps-64B", "rate_pps", "100000", "packet_size", "64")));
        u.phase(RunPhase.MEASURE);
        vm.tick(Instant.now().plusMillis(1000));
        assertEquals("Step 2 of 3 · MEASURE  1.0 s of 2.0 s · 1.0 s left", vm.phaseProgressTextProperty().get());
        // this step's second left and one more step of 2 s
        assertTrue(vm.runProgressTextProperty().get().startsWith("Sweep step 2 of 3 · Run  0:01 elapsed · at least 0:03 left"),
                vm.runProgressTextProperty().get());
        u.samples("src", List.of(new Sample(1000, Metrics.TRAFFIC_TX_PPS, Map.of(), 99_000)));
        assertEquals(100_000, vm.series(new SeriesKey(ChartKind.RATE, null, "requested")).lastValue());
    }

    @Test
    void aSearchSaysWhichTrialItIsOnAndHowTheLastOneEnded() {
        RunUpdates u = updates.get();
        u.phase(RunPhase.PLAN);
        u.event(event(null, "info", null, "search", "a search", Map.of("packet_size", "64", "max_pps", "1000000",
                "min_pps", "100", "loss_limit_percent", "0")));
        u.phase(RunPhase.MEASURE);
        vm.tick(Instant.now().plusMillis(1000));
        assertEquals("Trial 1 · MEASURE  1.0 s of 2.0 s · 1.0 s left", vm.phaseProgressTextProperty().get());
        assertTrue(vm.runProgressTextProperty().get().startsWith("Throughput search, 64-byte payloads · trial 1 · Run  0:01 elapsed · at least"),
                vm.runProgressTextProperty().get());
        assertEquals(-1, vm.runProgressProperty().get(), "how many trials are left is not known: an indeterminate bar");
        u.event(event(null, "info", null, "search.trial", "trial over", Map.of("trial", "1", "name", "t1", "rate_pps", "1000000",
                "packet_size", "64", "tx_pps", "400000", "loss_percent", "60", "result", "failed")));
        u.event(event(null, "info", null, "search.trial", "trial over", Map.of("trial", "2", "name", "t2", "rate_pps", "500000",
                "packet_size", "64", "tx_pps", "500000", "loss_percent", "0", "result", "passed")));
        u.phase(RunPhase.COOLDOWN);
        u.phase(RunPhase.MEASURE);
        vm.tick(Instant.now().plusMillis(500));
        assertTrue(vm.phaseProgressTextProperty().get().startsWith("Trial 3 · MEASURE"), vm.phaseProgressTextProperty().get());
        assertTrue(vm.runProgressTextProperty().get().startsWith("Throughput search, 64-byte payloads · trial 3 (trial 2 at 500,000 pps passed) · Run"),
                vm.runProgressTextProperty().get());
        assertEquals(0, vm.requestedPps(), "a search asks for rates it chooses: no requested line");
    }
}
