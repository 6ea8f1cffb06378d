package dev.labdeck.gui.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.results.RunError;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.TrafficSummary;
import dev.labdeck.controller.run.HostState;
import dev.labdeck.controller.engine.RunEngine;
import dev.labdeck.controller.run.RunEvent;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.controller.run.RunListener;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.gui.run.RunControl;
import dev.labdeck.gui.run.RunFigures;
import dev.labdeck.gui.run.RunOutcome;
import dev.labdeck.gui.run.RunUpdates;
import dev.labdeck.protocol.Sample;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** The controller's {@link RunEngine} behind the app's {@link RunControl}: the same runs as {@code labdeck run}. */
public final class EngineRunControl implements RunControl {
    private final Supplier<RunOptions> options;

    /** @param options read at each start, so the runs directory can follow the open profile */
    public EngineRunControl(Supplier<RunOptions> options) {
        this.options = options;
    }

    @Override
    public ActiveRun start(Profile profile, Mode mode, RunUpdates updates) throws Exception {
        RunOptions o = options.get().withPreflightOnly(mode == Mode.PREFLIGHT);
        Path scratch = null;
        if (mode == Mode.PREFLIGHT) {
            // a preflight is not a run: its files go to a scratch directory, not the runs directory Results lists
            scratch = java.nio.file.Files.createTempDirectory("labdeck-preflight-");
            o = o.withOutputDirectory(scratch);
        }
        RunHandle handle = RunEngine.start(profile, o, new Listener(updates, mode, scratch));
        return handle::abort;
    }

    /** Maps the engine's callbacks onto the view model's; both sides run on the engine's thread. */
    private record Listener(RunUpdates updates, Mode mode, Path scratch) implements RunListener {
        @Override public void phase(RunPhase phase) { updates.phase(phase); }

        @Override public void hostState(String host, HostState state, String detail) {
            updates.hostState(host, state.name().toLowerCase(Locale.ROOT), detail);
        }

        @Override public void samples(String host, List<Sample> samples) { updates.samples(host, samples); }

        @Override public void event(RunEvent event) { updates.event(event); }

        @Override public void finished(RunSummary summary) {
            if (mode == Mode.PREFLIGHT) {
                RunError e = summary.error();
                removeScratch(scratch);
                updates.finished(e == null
                        ? new RunOutcome(RunOutcome.PREFLIGHT_PASSED, "every host answered and is ready; nothing was changed", null, null)
                        : new RunOutcome(RunOutcome.PREFLIGHT_FAILED, (e.host() == null ? "" : e.host() + ": ") + e.message(), null, null));
            } else {
                updates.finished(outcome(summary));
            }
        }
    }

    private static void removeScratch(Path dir) {
        if (dir == null) return;
        try (var files = java.nio.file.Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.deleteIfExists(f);
        } catch (java.io.IOException e) {
            org.slf4j.LoggerFactory.getLogger(EngineRunControl.class).debug("cannot remove {}", dir, e);
        }
    }

    static RunOutcome outcome(RunSummary s) {
        Path dir = s.runDirectory() == null ? null : Path.of(s.runDirectory());
        RunError e = s.error();
        String message;
        if (e != null) {
            message = (e.host() == null ? "" : e.host() + ": ") + (e.step() == null ? "" : e.step() + ": ") + e.message();
        } else if (s.passed()) {
            message = "every threshold held";
        } else {
            message = s.thresholds().stream().filter(t -> !t.passed()).map(t -> t.message() != null ? t.message() : t.expression()).findFirst().orElse("a threshold failed");
        }
        // the engine says aborted itself (status aborted); no message parsing
        return new RunOutcome(s.status().json(), message, dir, null, figures(s));
    }

    /** The tiles' figures at the end: summary.json's over MEASURE. */
    static RunFigures figures(RunSummary s) {
        TrafficSummary t = s.traffic();
        double cpu = s.dstCpu() == null ? Double.NaN : s.dstCpu().mean();
        List<RunFigures.Figure> more = more(s);
        if (t == null) return new RunFigures(Double.NaN, Double.NaN, Double.NaN, cpu, 0, more);
        return new RunFigures(t.txPps(), t.rxPps(), t.lossPercent(), cpu, t.requestedPps(), more);
    }

    /** The HTTP load's headline figures and every service figure (read or missing, with why). */
    static List<RunFigures.Figure> more(RunSummary s) {
        List<RunFigures.Figure> out = new java.util.ArrayList<>();
        JsonNode http = s.sections().get("http");
        if (http != null && http.isObject()) {
            http(out, http, "requests_per_s", "HTTP requests", "requests/s");
            http(out, http, "latency_us.p99", "HTTP latency p99", "µs");
            http(out, http, "errors", "HTTP errors", "errors");
        }
        JsonNode services = s.sections().get("services");
        if (services != null && services.isObject()) {
            services.properties().forEach(svc -> {
                String name = svc.getKey();
                JsonNode figures = svc.getValue().path("figures");
                figures.properties().forEach(f -> out.add(new RunFigures.Figure("services." + name + ".figures." + f.getKey(),
                        name + " · " + f.getKey(), "", f.getValue().isNumber() ? f.getValue().asDouble() : Double.NaN,
                        f.getValue().isNumber() ? null : "not a number: " + f.getValue())));
                svc.getValue().path("figures_missing").properties().forEach(f -> out.add(new RunFigures.Figure(
                        "services." + name + ".figures." + f.getKey(), name + " · " + f.getKey(), "", Double.NaN, f.getValue().asText())));
            });
        }
        return out;
    }

    private static void http(List<RunFigures.Figure> out, JsonNode http, String path, String title, String unit) {
        JsonNode n = http;
        for (String part : path.split("\\.")) n = n.path(part);
        if (n.isNumber()) out.add(new RunFigures.Figure("http." + path, title, unit, n.asDouble(), null));
    }
}
