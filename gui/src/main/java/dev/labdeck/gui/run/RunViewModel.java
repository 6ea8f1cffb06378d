package dev.labdeck.gui.run;

import dev.labdeck.protocol.EventLevel;
import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.run.RunEvent;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.gui.profile.ProfileDocument;
import dev.labdeck.gui.task.BackgroundTasks;
import dev.labdeck.protocol.Metrics;
import dev.labdeck.protocol.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The Run view's state: the phase timeline, each host's state, the four tiles, the chart lines
 * (bounded {@link RollingSeries}), the event log with its filter and each service's log. It only
 * receives what the engine reports ({@link RunUpdates}) and asks {@link RunControl} to start or
 * abort; every update is applied on the UI thread.
 */
public final class RunViewModel {
    static final int SERIES_CAPACITY = 2400;
    static final long FULL_RESOLUTION_MS = 120_000;
    static final int MAX_EVENTS = 5000;
    static final int MAX_LOG_LINES = 2000;
    /** Metrics the traffic engine and the HTTP load report, by name (not all agents send them). */
    static final String TRAFFIC_LATENCY_US = "traffic.latency_us";

    private final ProfileDocument document;
    private final RunControl control;
    private final BackgroundTasks tasks;

    private final BooleanProperty running = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty("Not started. Press Run (F5) to deploy the agents and start the test.");
    private final StringProperty elapsed = new SimpleStringProperty("");
    private final ObjectProperty<RunPhase> phase = new SimpleObjectProperty<>();
    private final ObservableList<PhaseStep> phases = FXCollections.observableArrayList();
    private final ObservableList<HostStatus> hostStates = FXCollections.observableArrayList();
    private final DoubleProperty txPps = new SimpleDoubleProperty();
    private final DoubleProperty rxPps = new SimpleDoubleProperty();
    private final DoubleProperty lossPercent = new SimpleDoubleProperty();
    private final DoubleProperty dstCpu = new SimpleDoubleProperty();
    private final DoubleProperty httpRps = new SimpleDoubleProperty(Double.NaN);
    private final javafx.beans.property.BooleanProperty httpLoad = new javafx.beans.property.SimpleBooleanProperty();
    private final BooleanProperty paused = new SimpleBooleanProperty();
    private final IntegerProperty windowSeconds = new SimpleIntegerProperty(60);
    private final ObservableList<EventLine> events = FXCollections.observableArrayList();
    private final StringProperty eventFilter = new SimpleStringProperty("");
    private final FilteredList<EventLine> filteredEvents = new FilteredList<>(events, e -> true);
    private final ObservableList<String> serviceLogNames = FXCollections.observableArrayList();
    private final Map<String, ObservableList<String>> serviceLogs = new HashMap<>();
    private final ObjectProperty<RunOutcome> outcome = new SimpleObjectProperty<>();
    private final ObservableList<SeriesKey> seriesKeys = FXCollections.observableArrayList();
    private final DoubleProperty phaseProgress = new SimpleDoubleProperty();
    private final StringProperty phaseProgressText = new SimpleStringProperty("");
    private final DoubleProperty runProgress = new SimpleDoubleProperty();
    private final StringProperty runProgressText = new SimpleStringProperty("");
    private final ObjectProperty<RunFigures> result = new SimpleObjectProperty<>();
    /** What each phase took in the last run of a profile (by name) that went through to REPORT. */
    private final Map<String, Map<RunPhase, Long>> lastPhaseTimes = new HashMap<>();

    private final Map<SeriesKey, RollingSeries> series = new LinkedHashMap<>();
    private final Set<SeriesKey> nonZero = new HashSet<>();
    private final Map<String, long[]> counterTimes = new HashMap<>();
    private final Map<String, Double> counterValues = new HashMap<>();
    private final Map<String, Double> sinkRx = new HashMap<>();
    private final Map<String, Double> sinkLost = new HashMap<>();
    private final Set<RunPhase> failedPhases = new HashSet<>();
    private final Map<RunPhase, Long> phaseStarted = new HashMap<>();

    private RunControl.ActiveRun active;
    private long generation;
    private long firstSampleMs = -1;
    private long lastSampleMs = -1;
    private Instant startedAt;
    private Consumer<RunOutcome> onFinished = o -> {};
    private String sourceHost;
    private String sinkHost;
    private String profileName;
    private RunProgress progress;
    private long requestedPps;
    private RunProgress.Iteration iteration = RunProgress.Iteration.NONE;

    public RunViewModel(ProfileDocument document, RunControl control, BackgroundTasks tasks) {
        this.document = document;
        this.control = control;
        this.tasks = tasks;
        eventFilter.addListener((o, a, b) -> filteredEvents.setPredicate(e -> e.matches(b)));
        resetPhases();
    }

    public ReadOnlyBooleanProperty runningProperty() { return running; }
    public boolean isRunning() { return running.get(); }
    public StringProperty statusProperty() { return status; }
    public StringProperty elapsedProperty() { return elapsed; }
    public ObjectProperty<RunPhase> phaseProperty() { return phase; }
    public ObservableList<PhaseStep> phases() { return phases; }
    public ObservableList<HostStatus> hostStates() { return hostStates; }
    public DoubleProperty txPpsProperty() { return txPps; }
    /** The rate the running test asks for (packets per second over all flows); 0 when it asks none, or a search chooses. */
    public long requestedPps() { return requestedPps; }
    public DoubleProperty rxPpsProperty() { return rxPps; }
    public DoubleProperty lossPercentProperty() { return lossPercent; }
    public DoubleProperty dstCpuProperty() { return dstCpu; }
    /** The HTTP load's requests per second (the last sample, then summary.json's http.requests_per_s); NaN before. */
    public DoubleProperty httpRequestsPerSecondProperty() { return httpRps; }
    /** Whether the running profile drives an HTTP load (its http section). */
    public ReadOnlyBooleanProperty httpLoadProperty() { return httpLoad; }
    public BooleanProperty pausedProperty() { return paused; }
    public IntegerProperty windowSecondsProperty() { return windowSeconds; }
    public ObservableList<EventLine> events() { return events; }
    public FilteredList<EventLine> filteredEvents() { return filteredEvents; }
    public StringProperty eventFilterProperty() { return eventFilter; }
    public ObservableList<String> serviceLogNames() { return serviceLogNames; }
    public ObjectProperty<RunOutcome> outcomeProperty() { return outcome; }
    public ObservableList<SeriesKey> seriesKeys() { return seriesKeys; }
    public String sinkHost() { return sinkHost; }
    public String sourceHost() { return sourceHost; }
    /** The current phase's progress, 0..1, or -1 when it cannot be told. */
    public DoubleProperty phaseProgressProperty() { return phaseProgress; }
    /** e.g. "MEASURE  12 s of 30 s · 18 s left". */
    public StringProperty phaseProgressTextProperty() { return phaseProgressText; }
    /** The whole run's progress, 0..1, or -1 when it cannot be told. */
    public DoubleProperty runProgressProperty() { return runProgress; }
    /** e.g. "Run  0:42 elapsed · about 0:35 left". */
    public StringProperty runProgressTextProperty() { return runProgressText; }
    /** The finished run's figures (summary.json's), which the tiles then show; null while a run goes. */
    public ObjectProperty<RunFigures> resultProperty() { return result; }

    public ObservableList<String> serviceLog(String hostAndService) {
        return serviceLogs.computeIfAbsent(hostAndService, k -> FXCollections.observableArrayList());
    }

    /** Called once per finished run (passed, failed, error or aborted), on the UI thread. */
    public void setOnFinished(Consumer<RunOutcome> onFinished) {
        this.onFinished = onFinished;
    }

    public RollingSeries series(SeriesKey key) {
        return series.get(key);
    }

    /** The lines a chart shows: of its kind, for one host or all (null), and not all zero. */
    public List<SeriesKey> seriesFor(ChartKind chart, String host) {
        List<SeriesKey> out = new ArrayList<>();
        for (SeriesKey k : series.keySet()) {
            // a line of no host (the requested rate) belongs to every host's view
            if (k.chart() == chart && (host == null || k.host() == null || host.equals(k.host())) && nonZero.contains(k)) out.add(k);
        }
        return out;
    }

    /** Run time in seconds of a sample time, for the charts' x axis. */
    public double secondsOf(long timeMs) {
        return firstSampleMs < 0 ? 0 : (timeMs - firstSampleMs) / 1000.0;
    }

    public long latestSampleMs() {
        return lastSampleMs;
    }

    /** A reason the run cannot start now, or null when it can. */
    public String cannotStartReason() {
        if (running.get()) return "A run is already going.";
        Profile p = document.profile();
        if (p == null) return "Open a profile first (Ctrl+O), or start from a bundled one.";
        if (!document.problems().isEmpty()) {
            return "The profile has " + document.problems().size() + " problem(s); fix them in the Lab view first.";
        }
        return null;
    }

    public void preflight() {
        start(RunControl.Mode.PREFLIGHT);
    }

    public void run() {
        start(RunControl.Mode.RUN);
    }

    /** Stops the run: the engine still tears everything down and then reports it finished. */
    public void abort() {
        if (active == null || !running.get()) return;
        status.set("Aborting: tearing down on every host ...");
        RunControl.ActiveRun a = active;
        tasks.run("abort-run", () -> {
            a.abort();
            return true;
        }, x -> {}, e -> status.set("Abort failed: " + e.getMessage()));
    }

    private void start(RunControl.Mode mode) {
        String reason = cannotStartReason();
        if (reason != null) {
            status.set(reason);
            return;
        }
        Profile p = document.profile();
        clear(p);
        long gen = ++generation;
        running.set(true);
        startedAt = Instant.now();
        status.set((mode == RunControl.Mode.PREFLIGHT ? "Preflight of " : "Running ") + p.name() + " ...");
        RunUpdates updates = new UiUpdates(gen);
        tasks.run("start-run", () -> control.start(p, mode, updates), a -> {
            if (gen == generation) active = a;
        }, e -> {
            if (gen == generation) finish(new RunOutcome("error", "The run could not start: " + e.getMessage(), null, e));
        });
    }

    /** Forgets the previous run's figures and lays out the new profile's hosts. */
    private void clear(Profile p) {
        resetPhases();
        failedPhases.clear();
        phaseStarted.clear();
        phase.set(null);
        events.clear();
        series.clear();
        nonZero.clear();
        seriesKeys.clear();
        counterTimes.clear();
        counterValues.clear();
        sinkRx.clear();
        sinkLost.clear();
        serviceLogNames.clear();
        serviceLogs.clear();
        firstSampleMs = -1;
        lastSampleMs = -1;
        // NaN until measured, so the first sample is a change even when it is 0
        txPps.set(Double.NaN);
        rxPps.set(Double.NaN);
        lossPercent.set(Double.NaN);
        dstCpu.set(Double.NaN);
        httpRps.set(Double.NaN);
        httpLoad.set(p.http() != null);
        outcome.set(null);
        result.set(null);
        elapsed.set("");
        profileName = p.name();
        progress = new RunProgress(p, lastPhaseTimes.getOrDefault(p.name(), Map.of()));
        phaseProgress.set(0);
        phaseProgressText.set("");
        runProgress.set(0);
        runProgressText.set("");
        requestedPps = p.traffic() == null ? 0 : p.traffic().pps();
        iteration = RunProgress.Iteration.NONE;
        sourceHost = p.traffic() == null ? null : p.traffic().source();
        sinkHost = p.traffic() == null ? null
                : p.traffic().sink();
        if (sinkHost == null) {
            sinkHost = p.hosts().stream().filter(h -> h.roles().contains("dst")).map(HostSpec::name).findFirst().orElse(null);
        }
        hostStates.setAll(p.hosts().stream().map(h -> new HostStatus(h.name(), "waiting", h.address())).toList());
    }

    private void resetPhases() {
        List<PhaseStep> steps = new ArrayList<>();
        for (RunPhase rp : RunPhase.values()) steps.add(new PhaseStep(rp, PhaseStep.State.PENDING, -1));
        phases.setAll(steps);
    }

    /** Updates elapsed time; the view calls it from its refresh pulse. */
    public void tick(Instant now) {
        if (running.get() && startedAt != null) {
            Duration d = Duration.between(startedAt, now);
            elapsed.set(String.format("%d:%02d", d.toMinutes(), d.toSecondsPart()));
            RunPhase p = phase.get();
            long inPhase = p == null ? 0 : Math.max(0, now.toEpochMilli() - phaseStarted.getOrDefault(p, now.toEpochMilli()));
            RunProgress.Line ph = progress.phase(p, inPhase, iteration);
            Set<RunPhase> over = new HashSet<>();
            for (PhaseStep s : phases) {
                if (s.state() != PhaseStep.State.PENDING && s.state() != PhaseStep.State.ACTIVE) over.add(s.phase());
            }
            RunProgress.Line run = progress.run(p, inPhase, d.toMillis(), over, iteration);
            phaseProgress.set(ph.fraction());
            phaseProgressText.set(ph.text());
            runProgress.set(run.fraction());
            runProgressText.set(run.text());
        }
    }

    // ---- applying updates (UI thread) ----

    void applyPhase(RunPhase p) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < phases.size(); i++) {
            PhaseStep s = phases.get(i);
            if (s.state() == PhaseStep.State.ACTIVE) {
                phases.set(i, new PhaseStep(s.phase(), failedPhases.contains(s.phase()) ? PhaseStep.State.FAILED : PhaseStep.State.DONE,
                        now - phaseStarted.getOrDefault(s.phase(), now)));
            } else if (s.state() == PhaseStep.State.PENDING && s.phase().ordinal() < p.ordinal()) {
                phases.set(i, new PhaseStep(s.phase(), PhaseStep.State.SKIPPED, -1));
            }
        }
        phases.set(p.ordinal(), new PhaseStep(p, PhaseStep.State.ACTIVE, -1));
        phaseStarted.put(p, now);
        phase.set(p);
    }

    void applyHostState(String host, String state, String detail) {
        HostStatus s = new HostStatus(host, state, detail);
        for (int i = 0; i < hostStates.size(); i++) {
            if (hostStates.get(i).host().equals(host)) {
                hostStates.set(i, s);
                return;
            }
        }
        hostStates.add(s);
    }

    void applyEvent(RunEvent e) {
        if ("service.log".equals(e.kind())) {
            String service = e.data() == null ? null : e.data().get("service");
            String key = (e.host() == null ? "" : e.host()) + " / " + (service == null ? "service" : service);
            ObservableList<String> log = serviceLog(key);
            if (!serviceLogNames.contains(key)) serviceLogNames.add(key);
            // the engine passes the line itself in data.line (the message may be shortened)
            log.add(e.data() != null && e.data().containsKey("line") ? e.data().get("line") : e.message());
            if (log.size() > MAX_LOG_LINES) log.remove(0, log.size() - MAX_LOG_LINES);
            return;
        }
        if (e.level() == EventLevel.ERROR && e.phase() != null) failedPhases.add(e.phase());
        iterate(e);
        events.add(new EventLine(e.time(), e.level(), e.phase() == null ? "" : e.phase().label(), e.host(), e.kind(), e.message()));
        if (events.size() > MAX_EVENTS) events.remove(0, events.size() - MAX_EVENTS);
    }

    /**
     * A sweep's step and a search's trial, read from the events' data (the engine's fields, not its
     * wording): sweep.step gives step, steps and the rate it asks; a search asks rates it chooses as it
     * goes, so only the trial number and the last trial's outcome are known.
     */
    private void iterate(RunEvent e) {
        Map<String, String> d = e.data() == null ? Map.of() : e.data();
        switch (e.kind() == null ? "" : e.kind()) {
            case "sweep.step" -> {
                int step = whole(d.get("step")), steps = whole(d.get("steps"));
                if (step > 0 && steps > 0) iteration = RunProgress.Iteration.sweep(step, steps);
                long rate = whole(d.get("rate_pps"));
                if (rate > 0) requestedPps = rate;
            }
            case "search" -> {
                requestedPps = 0;
                iteration = RunProgress.Iteration.search(whole(d.get("packet_size")), 1, null);
            }
            case "search.trial" -> {
                int trial = whole(d.get("trial"));
                if (trial > 0) {
                    String last = String.format(java.util.Locale.ROOT, "trial %d at %,d pps %s", trial, whole(d.get("rate_pps")),
                            "passed".equals(d.get("result")) ? "passed" : "failed");
                    iteration = RunProgress.Iteration.search(iteration.packetSize() > 0 ? iteration.packetSize()
                            : whole(d.get("packet_size")), trial + 1, last);
                }
            }
            default -> { }
        }
    }

    private static int whole(String v) {
        if (v == null) return 0;
        try {
            return (int) Math.min(Integer.MAX_VALUE, Long.parseLong(v.trim()));
        } catch (NumberFormatException ex) {
            return 0;
        }
    }

    void applySamples(String host, List<Sample> samples) {
        for (Sample s : samples) {
            if (firstSampleMs < 0 || s.timeMs() < firstSampleMs) firstSampleMs = s.timeMs();
            lastSampleMs = Math.max(lastSampleMs, s.timeMs());
            Map<String, String> l = s.labels() == null ? Map.of() : s.labels();
            switch (s.metric()) {
                case Metrics.TRAFFIC_TX_PPS -> {
                    put(new SeriesKey(ChartKind.TRAFFIC, host, "tx pps"), s);
                    put(new SeriesKey(ChartKind.RATE, host, "sent"), s);
                    // the rate asked for, drawn at the same times so the gap shows where the source fell short
                    if (requestedPps > 0) put(new SeriesKey(ChartKind.RATE, null, "requested"), s.timeMs(), requestedPps);
                    if (sourceHost == null || host.equals(sourceHost)) txPps.set(s.value());
                }
                case Metrics.SINK_RX_PPS -> {
                    put(new SeriesKey(ChartKind.TRAFFIC, host, "rx pps"), s);
                    put(new SeriesKey(ChartKind.RATE, host, "received"), s);
                    if (sinkHost == null || host.equals(sinkHost)) rxPps.set(s.value());
                }
                // the sink's one-way latency: p99 over each sample interval (the traffic engineer's live figure)
                case Metrics.SINK_LATENCY_P99_US -> put(new SeriesKey(ChartKind.LATENCY, host, "UDP p99"), s);
                case TRAFFIC_LATENCY_US -> put(new SeriesKey(ChartKind.LATENCY, host, "UDP " + quantile(l)), s);
                case Metrics.HTTP_LATENCY_US -> put(new SeriesKey(ChartKind.LATENCY, host, "HTTP " + quantile(l)), s);
                case Metrics.HTTP_REQUESTS_PER_S -> {
                    put(new SeriesKey(ChartKind.HTTP, host, "requests/s"), s);
                    httpRps.set(s.value());
                }
                case Metrics.HTTP_ERRORS -> rate(new SeriesKey(ChartKind.HTTP, host, "errors/s"), s);
                case Metrics.SINK_RX_PACKETS -> {
                    sinkRx.put(host + "/" + l.getOrDefault("flow", ""), s.value());
                    updateLoss();
                }
                case Metrics.SINK_LOST -> {
                    sinkLost.put(host + "/" + l.getOrDefault("flow", ""), s.value());
                    updateLoss();
                }
                case Metrics.CPU_CORE_UTIL -> put(new SeriesKey(ChartKind.CPU, host, "core " + l.getOrDefault("core", "?")), s);
                case Metrics.CPU_TOTAL_UTIL -> {
                    put(new SeriesKey(ChartKind.CPU, host, "all cores"), s);
                    if (host.equals(sinkHost)) dstCpu.set(s.value());
                }
                case Metrics.IF_RX_PPS -> put(new SeriesKey(ChartKind.INTERFACE, host, l.getOrDefault("iface", "?") + " rx"), s);
                case Metrics.IF_TX_PPS -> put(new SeriesKey(ChartKind.INTERFACE, host, l.getOrDefault("iface", "?") + " tx"), s);
                case Metrics.XDP_PACKETS -> {
                    if (l.containsKey("flow")) rate(new SeriesKey(ChartKind.XDP, host, "flow " + l.get("flow")), s);
                    else if (l.containsKey("action")) rate(new SeriesKey(ChartKind.XDP, host, "action " + l.get("action")), s);
                }
                case Metrics.DPDK_RX_PACKETS -> rate(new SeriesKey(ChartKind.DPDK, host,
                        l.getOrDefault("process", "dpdk") + " port " + l.getOrDefault("port", "?") + " rx"), s);
                case Metrics.DPDK_TX_PACKETS -> rate(new SeriesKey(ChartKind.DPDK, host,
                        l.getOrDefault("process", "dpdk") + " port " + l.getOrDefault("port", "?") + " tx"), s);
                default -> { }
            }
        }
    }

    private static String quantile(Map<String, String> labels) {
        String q = labels.getOrDefault("quantile", labels.getOrDefault("percentile", "?"));
        return labels.containsKey("flow") ? q + " flow " + labels.get("flow") : q;
    }

    private void updateLoss() {
        double rx = sinkRx.values().stream().mapToDouble(Double::doubleValue).sum();
        double lost = sinkLost.values().stream().mapToDouble(Double::doubleValue).sum();
        lossPercent.set(rx + lost <= 0 ? 0 : 100.0 * lost / (rx + lost));
    }

    private void put(SeriesKey key, Sample s) {
        put(key, s.timeMs(), s.value());
    }

    private void put(SeriesKey key, long timeMs, double value) {
        RollingSeries r = series.get(key);
        if (r == null) {
            r = new RollingSeries(SERIES_CAPACITY, FULL_RESOLUTION_MS);
            series.put(key, r);
            seriesKeys.add(key);
        }
        r.add(timeMs, value);
        if (value != 0) nonZero.add(key);
    }

    /** Counters become per-second rates from consecutive samples. */
    private void rate(SeriesKey key, Sample s) {
        String id = key.toString();
        long[] prevT = counterTimes.get(id);
        Double prevV = counterValues.get(id);
        counterTimes.put(id, new long[] {s.timeMs()});
        counterValues.put(id, s.value());
        if (prevT == null || s.timeMs() <= prevT[0]) return;
        double perSecond = Math.max(0, (s.value() - prevV) * 1000.0 / (s.timeMs() - prevT[0]));
        put(key, s.timeMs(), perSecond);
    }

    void finish(RunOutcome o) {
        long now = System.currentTimeMillis();
        boolean bad = !"passed".equalsIgnoreCase(o.status()) && !RunOutcome.PREFLIGHT_PASSED.equals(o.status());
        for (int i = 0; i < phases.size(); i++) {
            PhaseStep s = phases.get(i);
            if (s.state() == PhaseStep.State.ACTIVE) {
                boolean failed = failedPhases.contains(s.phase()) || (bad && ("error".equalsIgnoreCase(o.status())
                        || RunOutcome.PREFLIGHT_FAILED.equals(o.status())) && s.phase() != RunPhase.REPORT
                        && s.phase() != RunPhase.TEARDOWN);
                phases.set(i, new PhaseStep(s.phase(), failed ? PhaseStep.State.FAILED : PhaseStep.State.DONE,
                        now - phaseStarted.getOrDefault(s.phase(), now)));
            } else if (s.state() == PhaseStep.State.PENDING) {
                phases.set(i, new PhaseStep(s.phase(), PhaseStep.State.SKIPPED, -1));
            }
        }
        running.set(false);
        active = null;
        Duration took = startedAt == null ? Duration.ZERO : Duration.between(startedAt, Instant.now());
        if (!o.preflight() && ("passed".equalsIgnoreCase(o.status()) || "failed".equalsIgnoreCase(o.status()))) {
            Map<RunPhase, Long> times = new java.util.EnumMap<>(RunPhase.class);
            for (PhaseStep s : phases) {
                if (s.state() == PhaseStep.State.DONE) times.put(s.phase(), s.durationMs());
                else if (s.state() == PhaseStep.State.SKIPPED) times.put(s.phase(), 0L);
            }
            lastPhaseTimes.put(profileName, times);
        }
        phaseProgress.set(1);
        phaseProgressText.set("");
        runProgress.set(1);
        runProgressText.set("Run  " + RunProgress.clock(took.toMillis()) + " in all");
        if (!o.preflight()) {
            RunFigures f = o.figures();
            // the tiles end on the run's result, not on the last second; what it did not measure shows as –
            result.set(f);
            txPps.set(f.txPps());
            rxPps.set(f.rxPps());
            lossPercent.set(f.lossPercent());
            dstCpu.set(f.dstCpu());
            httpRps.set(f.more().stream().filter(m -> m.path().equals("http.requests_per_s")).mapToDouble(RunFigures.Figure::value)
                    .findFirst().orElse(Double.NaN));
        }
        outcome.set(o);
        status.set(switch (o.status().toLowerCase()) {
            case "passed" -> "Passed: every threshold held.";
            case "failed" -> "Failed: a threshold did not hold. " + o.message();
            case "aborted" -> "Aborted; everything was torn down.";
            case RunOutcome.PREFLIGHT_PASSED -> "Preflight passed: " + o.message() + ". Press Run (F5) to run the test.";
            case RunOutcome.PREFLIGHT_FAILED -> "Preflight failed: " + o.message();
            default -> "Error: " + o.message();
        });
        onFinished.accept(o);
    }

    /** Routes engine-thread callbacks of one run to the UI thread, ignoring a replaced run. */
    private final class UiUpdates implements RunUpdates {
        private final long gen;

        UiUpdates(long gen) {
            this.gen = gen;
        }

        private void ui(Runnable r) {
            tasks.onUiThread(() -> {
                if (gen == generation) r.run();
            });
        }

        @Override public void phase(RunPhase p) { ui(() -> applyPhase(p)); }
        @Override public void hostState(String host, String state, String detail) { ui(() -> applyHostState(host, state, detail)); }
        @Override public void samples(String host, List<Sample> samples) { ui(() -> applySamples(host, List.copyOf(samples))); }
        @Override public void event(RunEvent event) { ui(() -> applyEvent(event)); }
        @Override public void finished(RunOutcome o) { ui(() -> finish(o)); }
    }

    /** For tests: the updates object a run of this view model would get. */
    RunUpdates updatesForCurrentRun() {
        return new UiUpdates(generation);
    }
}
