package dev.labdeck.controller.engine;

import dev.labdeck.controller.profile.BaselineSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.results.BaselineRunComparison;
import dev.labdeck.controller.results.CpuSummary;
import dev.labdeck.controller.results.RunHistory;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.SummaryJson;
import dev.labdeck.controller.results.TrafficSummary;
import dev.labdeck.controller.run.RunFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code baseline: {kind: run, run: DIR}}: the run is compared against a stored run. PLAN checks
 * that DIR holds a run that measured traffic; REPORT writes summary.json's {@code baseline}
 * section with the stored figures and the change.
 */
final class BaselineRuns {
    private BaselineRuns() {}

    /** The stored run's directory when the profile asks for one; its summary is read when needed. */
    static Optional<String> wanted(Profile profile) {
        BaselineSpec b = profile.baseline();
        return b != null && b.kind() != null && "run".equals(b.kind().toString()) ? Optional.ofNullable(b.run()) : Optional.empty();
    }

    /** PLAN: the stored run must be there and have measured traffic; says where it looked otherwise. */
    static void check(EngineContext run) throws RunFailure {
        Optional<String> wanted = wanted(run.profile());
        if (wanted.isEmpty()) {
            return;
        }
        Path dir = locate(run, wanted.get()).orElseThrow(() -> new RunFailure(null, "plan", "baseline run '" + wanted.get()
                + "' not found (looked in " + String.join(", ", candidates(run, wanted.get()).stream().map(Path::toString).toList())
                + "); name a run directory that holds a " + SummaryJson.FILE));
        RunSummary stored = RunHistory.readSummary(dir).orElseThrow(() -> new RunFailure(null, "plan",
                "baseline run " + dir + " has no readable " + SummaryJson.FILE));
        if (stored.traffic() == null) {
            throw new RunFailure(null, "plan", "baseline run " + dir + " measured no traffic (status "
                    + stored.status() + "); compare against a run that did");
        }
        run.info(null, "baseline", "baseline: run " + stored.runId() + " (" + dir + "), " + stored.status()
                + String.format(java.util.Locale.ROOT, ", rx %,.0f pps, %.3f %% lost", stored.traffic().rxPps(),
                stored.traffic().lossPercent()));
    }

    /** REPORT: summary.json's baseline section, when the profile compares against a stored run. */
    static void compare(EngineContext run, TrafficSummary traffic, CpuSummary cpu) {
        Optional<String> wanted = wanted(run.profile());
        if (wanted.isEmpty()) {
            return;
        }
        Optional<Path> dir = locate(run, wanted.get());
        Optional<RunSummary> stored = dir.flatMap(RunHistory::readSummary).filter(s -> s.traffic() != null);
        if (stored.isPresent()) {
            run.summarySection("baseline", BaselineRunComparison.of(dir.get(), stored.get(), traffic, cpu));
        }
    }

    private static Optional<Path> locate(EngineContext run, String given) {
        return candidates(run, given).stream().filter(d -> Files.isRegularFile(d.resolve(SummaryJson.FILE))).findFirst();
    }

    /** As given (relative to the working directory), then beside this run, then beside the profile file. */
    private static List<Path> candidates(EngineContext run, String given) {
        Path p = Path.of(given);
        List<Path> out = new ArrayList<>();
        out.add(p.toAbsolutePath().normalize());
        if (!p.isAbsolute()) {
            Path runs = run.runDirectory().getParent();
            if (runs != null) {
                out.add(runs.resolve(p).normalize());
            }
            Path source = run.profile().source();
            if (source != null && source.toAbsolutePath().getParent() != null) {
                out.add(source.toAbsolutePath().getParent().resolve(p).normalize());
            }
        }
        return out.stream().distinct().toList();
    }
}
