package dev.labdeck.controller.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.TrafficSpec;
import dev.labdeck.controller.results.CpuSummary;
import dev.labdeck.controller.results.TrafficSummary;
import dev.labdeck.controller.run.MeasuredTraffic;
import dev.labdeck.controller.run.RunContext;
import dev.labdeck.controller.run.RunFailure;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.controller.traffic.TrafficMeasurement;
import dev.labdeck.protocol.EventLevel;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run that measures more than once with the lab deployed once: the steps of a sweep, or the
 * trials of a throughput search. The baseline side (without XDP) is measured in PREPARE before
 * the programs are attached, the other in MEASURE; each step leaves {@code steps/<step>/summary.json}
 * in the run directory, and {@link #finish} puts them together into {@code sweep.csv} and
 * summary.json's {@code sweep} (or {@code search}) section.
 */
public final class SweepRun {
    private static final Logger LOG = LoggerFactory.getLogger(SweepRun.class);
    public static final String STEPS = "steps";
    static final String SEARCH_DIR = "search";

    private SweepRun() {}

    /** Whether the profile measures many times (a sweep with more than one step, or a search). */
    public static boolean wanted(Profile p) {
        return p.traffic() != null && MeasurementPlan.of(p).isPresent();
    }

    /**
     * What the run will measure, for {@code labdeck run --dry-run}.
     *
     * @param withBaseline each step is measured without XDP too
     */
    public static String describe(Profile p, boolean withBaseline) {
        MeasurementPlan plan = plan(p);
        TrafficSpec t = p.traffic();
        String sides = withBaseline ? ", each without XDP (in PREPARE) and with it" : "";
        if (plan.isSearch()) {
            MeasurementPlan.Search s = plan.search();
            return String.format(Locale.ROOT, "throughput search (RFC 2544) %s → %s for payloads %s bytes%s: trials of %s from %,d pps down"
                    + " to %,d, loss limit %s %%, resolution %s", t.source(), t.sink(), plan.sizes(), sides, seconds(s.trial()),
                    s.maxPps(), s.minPps(), fmt(s.lossPercent()), s.resolution());
        }
        return String.format(Locale.ROOT, "sweep %s → %s: %d step(s), rates %s pps × payloads %s bytes%s, %s each", t.source(), t.sink(),
                SweepPlan.steps(plan.rates(), plan.sizes(), !sides.isEmpty()).size(), plan.rates(), plan.sizes(), sides,
                seconds(t.duration()));
    }

    private static MeasurementPlan plan(Profile p) {
        return MeasurementPlan.of(p).orElseThrow(() -> new IllegalStateException("the profile neither sweeps nor searches"));
    }

    /**
     * Measures one side: every step of the sweep, or the search per packet size.
     *
     * @param withXdp null when the profile compares no baseline; false for the baseline side
     * @return the last measurement, which stands for the run's own traffic figures
     */
    public static MeasuredTraffic measureSide(RunContext ctx, Boolean withXdp, Consumer<RunPhase> phases) throws RunFailure {
        return plan(ctx.profile()).isSearch() ? search(ctx, withXdp, phases) : sweep(ctx, withXdp, phases);
    }

    private static MeasuredTraffic sweep(RunContext ctx, Boolean withXdp, Consumer<RunPhase> phases) throws RunFailure {
        Profile p = ctx.profile();
        MeasurementPlan plan = plan(p);
        List<SweepStep> all = SweepPlan.steps(plan.rates(), plan.sizes(), withXdp != null);
        List<SweepStep> mine = all.stream().filter(s -> java.util.Objects.equals(s.withXdp(), withXdp)).toList();
        MeasuredTraffic last = null;
        for (SweepStep step : mine) {
            if (ctx.stopping()) throw new RunFailure(null, "sweep", "stopped before step " + step.name());
            ctx.event(EventLevel.INFO, null, "sweep.step", String.format(Locale.ROOT, "sweep step %d of %d: %,d pps, %d-byte payloads%s",
                    step.index(), all.size(), step.ratePps(), step.packetSize(),
                    withXdp == null ? "" : withXdp ? ", with XDP" : ", without XDP (baseline)"), SweepEvents.step(step, all.size()));
            TrafficSpec t = traffic(p.traffic(), step.ratePps(), step.packetSize(), p.traffic().duration());
            last = new TrafficMeasurement(ctx, t, phases).run("step " + step.name());
            StepFigures f = figures(ctx, step.name(), step.ratePps(), step.packetSize(), withXdp, last);
            writeStep(ctx, step.name(), f, last.traffic());
            ctx.event(EventLevel.INFO, null, "sweep.step.done", String.format(Locale.ROOT, "step %s: sent %,.0f pps, received %,.0f pps, %.3f %% lost%s",
                    step.name(), f.txPps(), f.rxPps(), f.lossPercent(), f.generatorLimited() ? " (the source fell short of the rate)" : ""),
                    SweepEvents.stepDone(step, all.size(), f));
        }
        return last;
    }

    private static MeasuredTraffic search(RunContext ctx, Boolean withXdp, Consumer<RunPhase> phases) throws RunFailure {
        Profile p = ctx.profile();
        MeasurementPlan plan = plan(p);
        MeasurementPlan.Search s = plan.search();
        ThroughputSearch.Settings settings = new ThroughputSearch.Settings(s.lossPercent(), s.resolutionPercent(),
                s.resolutionPps(), s.maxPps(), s.minPps());
        MeasuredTraffic[] last = {null};
        List<SearchSummary.Result> results = new ArrayList<>();
        for (int size : plan.sizes()) {
            String side = withXdp == null ? "" : withXdp ? "-xdp" : "-baseline";
            ctx.event(EventLevel.INFO, null, "search", String.format(Locale.ROOT, "throughput search for %d-byte payloads%s: up to %,d pps, loss limit %s %%, trials of %s",
                    size, side.isEmpty() ? "" : side.replace("-", ", "), s.maxPps(), fmt(s.lossPercent()), seconds(s.trial())),
                    SweepEvents.search(size, withXdp, s.maxPps(), s.minPps(), s.lossPercent()));
            int[] n = {0};
            ThroughputSearch.Outcome o = ThroughputSearch.search(settings, offered -> {
                if (ctx.stopping()) throw new RunFailure(null, "search", "stopped during the throughput search");
                n[0]++;
                String name = String.format(Locale.ROOT, "search-%dB%s-trial%02d-%dpps", size, side, n[0], offered);
                TrafficSpec t = traffic(p.traffic(), offered, size, s.trial());
                MeasuredTraffic m = new TrafficMeasurement(ctx, t, phases).run("trial " + n[0] + " at " + offered + " pps");
                last[0] = m;
                StepFigures f = figures(ctx, name, offered, size, withXdp, m);
                writeStep(ctx, name, f, m.traffic());
                ThroughputSearch.TrialOutcome out = ThroughputSearch.TrialOutcome.of(offered, f.txPps(), f.rxPps(), f.txPackets(),
                        f.rxPackets(), f.lossPercent(), f.generatorLimited(), s.lossPercent());
                ctx.event(EventLevel.INFO, null, "search.trial", String.format(Locale.ROOT, "trial %d at %,d pps: sent %,.0f pps, %.3f %% lost: %s%s",
                        n[0], offered, f.txPps(), f.lossPercent(), out.passed() ? "within the limit" : "too much loss",
                        f.generatorLimited() ? " (the source fell short of the rate)" : ""),
                        SweepEvents.trial(n[0], name, offered, size, withXdp, f, out.passed()));
                return out;
            });
            ctx.event(o.generatorLimited() ? EventLevel.WARN : EventLevel.INFO, null, "search.result",
                    size + "-byte payloads" + side.replace("-", ", ") + ": " + o.verdict(), SweepEvents.result(size, withXdp, o));
            results.add(new SearchSummary.Result(size, withXdp, o.throughputPps(), o.generatorLimited(), o.verdict(), o.trials()));
        }
        try {
            Path dir = Files.createDirectories(ctx.runDirectory().resolve(SEARCH_DIR));
            Files.writeString(dir.resolve((withXdp == null ? "results" : withXdp ? "xdp" : "baseline") + ".json"),
                    ProtocolJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(results));
        } catch (IOException e) {
            ctx.warn(null, "search", "could not keep the search's results: " + e.getMessage());
        }
        return last[0];
    }

    /** The profile's traffic at another rate, size and duration, everything else kept. */
    static TrafficSpec traffic(TrafficSpec t, long pps, int size, Duration duration) {
        return t.with("rate_pps", pps).with("packet_size", size).with("duration", duration);
    }

    /** After the last side: sweep.csv and the summary section, from what every step left on disk. */
    public static void finish(RunContext ctx) {
        MeasurementPlan plan = plan(ctx.profile());
        try {
            if (plan.isSearch()) {
                List<SearchSummary.Result> results = new ArrayList<>();
                for (String f : List.of("baseline.json", "results.json", "xdp.json")) {
                    Path file = ctx.runDirectory().resolve(SEARCH_DIR).resolve(f);
                    if (Files.isRegularFile(file)) {
                        results.addAll(List.of(ProtocolJson.mapper().readValue(file.toFile(), SearchSummary.Result[].class)));
                    }
                }
                MeasurementPlan.Search s = plan.search();
                ctx.summarySection("search", new SearchSummary(s.lossPercent(), s.resolution(), seconds(s.trial()), s.maxPps(), results));
            }
            List<StepFigures> steps = readSteps(ctx.runDirectory());
            if (!plan.isSearch()) {
                List<String> varies = new ArrayList<>();
                if (plan.rates().size() > 1) varies.add("rate_pps");
                if (plan.sizes().size() > 1) varies.add("packet_size");
                if (steps.stream().anyMatch(st -> st.withXdp() != null)) varies.add("xdp");
                SweepSummary sweep = new SweepSummary(varies, steps);
                ctx.summarySection("sweep", sweep);
                SweepCsv.write(ctx.runDirectory(), sweep);
            } else {
                SweepCsv.write(ctx.runDirectory(), new SweepSummary(List.of("trial"), steps));
            }
        } catch (IOException e) {
            LOG.info("sweep summary", e);
            ctx.warn(null, "sweep", "could not put the steps together: " + e.getMessage());
        }
    }

    static StepFigures figures(RunContext ctx, String name, long rate, int size, Boolean withXdp, MeasuredTraffic m) {
        TrafficSummary t = m.traffic();
        CpuSummary cpu = null;
        try {
            cpu = CpuSummary.measure(ctx.runDirectory(), ctx.profile().traffic().sink(), m.measureStartMs(), m.measureEndMs());
        } catch (IOException e) {
            LOG.debug("cpu of step {}: {}", name, e.getMessage());
        }
        boolean limited = t.generatorLimited();
        return new StepFigures(name, rate, size, withXdp, t.txPackets(), t.rxPackets(), t.lostPackets(), t.txPps(), t.rxPps(),
                t.lossPercent(), limited, cpu == null ? null : cpu.mean(), cpu == null ? Map.of() : cpu.perCore(),
                m.measureStartMs(), m.measureEndMs(), limited ? "generator_limited" : "measured",
                latency(t, "p50"), latency(t, "p99"));
    }

    /** A percentile of the step's one-way latency in µs (traffic's latency_us), null when the sink measured none. */
    static Double latency(TrafficSummary t, String percentile) {
        JsonNode l = ProtocolJson.mapper().valueToTree(t).path("latency_us");
        return l.path("samples").asLong() > 0 && l.path(percentile).isNumber() ? l.path(percentile).asDouble() : null;
    }

    private static void writeStep(RunContext ctx, String name, StepFigures f, TrafficSummary traffic) {
        try {
            Path dir = Files.createDirectories(ctx.runDirectory().resolve(STEPS).resolve(name));
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("step", f);
            summary.put("traffic", traffic);
            Files.writeString(dir.resolve("summary.json"), ProtocolJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n");
        } catch (IOException e) {
            ctx.warn(null, "sweep", "could not keep step " + name + ": " + e.getMessage());
        }
    }

    static List<StepFigures> readSteps(Path runDir) throws IOException {
        Path steps = runDir.resolve(STEPS);
        List<StepFigures> out = new ArrayList<>();
        if (!Files.isDirectory(steps)) return out;
        try (Stream<Path> dirs = Files.list(steps)) {
            for (Path d : dirs.sorted(Comparator.comparing((Path x) -> {
                try {
                    return Files.getLastModifiedTime(x.resolve("summary.json")).toMillis();
                } catch (IOException e) {
                    return Long.MAX_VALUE;
                }
            })).toList()) {
                Path f = d.resolve("summary.json");
                if (Files.isRegularFile(f)) {
                    JsonNode n = ProtocolJson.mapper().readTree(f.toFile()).path("step");
                    out.add(ProtocolJson.mapper().treeToValue(n, StepFigures.class));
                }
            }
        }
        out.sort(Comparator.comparingLong(StepFigures::startedMs));
        return out;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
