package dev.labdeck.controller.engine;

import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.results.CpuSummary;
import dev.labdeck.controller.results.HostSummary;
import dev.labdeck.controller.results.HtmlReport;
import dev.labdeck.controller.results.JunitReport;
import dev.labdeck.controller.results.ResultFiles;
import dev.labdeck.controller.results.RunError;
import dev.labdeck.controller.results.RunStatus;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.SummaryJson;
import dev.labdeck.controller.results.ThresholdEvaluator;
import dev.labdeck.controller.results.ThresholdResult;
import dev.labdeck.controller.results.TrafficSummary;
import dev.labdeck.controller.run.MeasuredTraffic;
import dev.labdeck.controller.run.RunAborted;
import dev.labdeck.controller.run.RunFailure;
import dev.labdeck.protocol.AgentInfo;
import dev.labdeck.protocol.EventLevel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REPORT: the run's summary (hosts, traffic, the sink's CPU, thresholds, the stages' sections, how
 * it ended) handed to the writers of summary.json, junit.xml and report.html.
 */
final class RunReport {
    private static final Logger LOG = LoggerFactory.getLogger(RunReport.class);

    private RunReport() {}

    static RunSummary write(EngineContext run, RunFailure failure) {
        Profile profile = run.profile();
        Path dir = run.runDirectory();
        Map<String, HostSummary> hostSummaries = new LinkedHashMap<>();
        for (HostSession s : run.hosts().all()) {
            AgentInfo i = s.info;
            if (i != null) {
                hostSummaries.put(s.name(), new HostSummary(i.agentVersion(), i.protocolVersion(), i.hostname(),
                        (i.os() + " " + (i.osVersion() == null ? "" : i.osVersion())).trim(), i.kernel(), i.cpus(),
                        s.spec.transport().name().toLowerCase(Locale.ROOT)));
            }
        }
        MeasuredTraffic measured = run.measurement().orElse(null);
        TrafficSummary traffic = measured == null ? null : measured.traffic();
        CpuSummary cpu = measured == null ? null : sinkCpu(run, measured);
        RunError error = failure == null ? null : new RunError(failure.host(), failure.step(), failure.reason());
        BaselineRuns.compare(run, traffic, cpu);
        RunSummary summary = summary(run, RunStatus.ERROR, hostSummaries, traffic, List.of(), cpu, error);
        List<ThresholdResult> thresholds = List.of();
        RunStatus status = failure instanceof RunAborted ? RunStatus.ABORTED : RunStatus.ERROR;
        if (failure == null) {
            thresholds = ThresholdEvaluator.evaluate(profile.thresholds(), SummaryJson.toTree(summary));
            status = thresholds.stream().allMatch(ThresholdResult::passed) ? RunStatus.PASSED : RunStatus.FAILED;
            for (ThresholdResult r : thresholds) {
                run.event(r.passed() ? EventLevel.INFO : EventLevel.WARN, null, "threshold", r.message(),
                        Map.of("passed", Boolean.toString(r.passed())));
            }
        }
        summary = summary(run, status, hostSummaries, traffic, thresholds, cpu, error);
        try {
            SummaryJson.write(summary, dir);
        } catch (IOException e) {
            LOG.error("cannot write summary.json", e);
        }
        List<?> formats = profile.results() == null ? null : profile.results().formats();
        if (ResultFiles.wants(formats, "junit")) {
            try {
                JunitReport.write(summary, dir);
            } catch (IOException e) {
                LOG.error("cannot write junit.xml", e);
            }
        }
        run.info(null, "report", "run " + status.json() + "; results in " + dir);
        if (ResultFiles.wants(formats, "html")) {
            try {
                HtmlReport.write(summary, dir);
            } catch (IOException | RuntimeException e) {
                LOG.error("cannot write report.html", e);
            }
        }
        return summary;
    }

    /** When TEARDOWN or REPORT itself failed: summary.json still says how the run ended. */
    static RunSummary fallback(EngineContext run, RunFailure failure, Throwable e) {
        RunError error = failure != null ? new RunError(failure.host(), failure.step(), failure.reason())
                : new RunError(null, run.step(), "internal error: " + e);
        MeasuredTraffic measured = run.measurement().orElse(null);
        RunStatus status = failure instanceof RunAborted ? RunStatus.ABORTED : RunStatus.ERROR;
        RunSummary s = summary(run, status, Map.of(), measured == null ? null : measured.traffic(), List.of(), null, error);
        try {
            SummaryJson.write(s, run.runDirectory());
        } catch (IOException | RuntimeException ex) {
            LOG.error("cannot write summary.json", ex);
        }
        return s;
    }

    private static RunSummary summary(EngineContext run, RunStatus status, Map<String, HostSummary> hosts,
                                      TrafficSummary traffic, List<ThresholdResult> thresholds, CpuSummary cpu, RunError error) {
        return new RunSummary(status, run.profile().name(), run.runId(), run.started().toString(), Instant.now().toString(),
                run.runDirectory().toString(), hosts, traffic, thresholds, cpu, error, run.recorder().sections());
    }

    private static CpuSummary sinkCpu(EngineContext run, MeasuredTraffic measured) {
        String sink = run.profile().traffic().sink();
        try {
            CpuSummary cpu = CpuSummary.measure(run.runDirectory(), sink, measured.measureStartMs(), measured.measureEndMs());
            if (cpu == null) {
                // samples carry the host's clock; when it is far off ours, the window misses them
                cpu = CpuSummary.measure(run.runDirectory(), sink, 0, Long.MAX_VALUE);
                if (cpu != null) {
                    run.warn(sink, "cpu", "no CPU samples inside the measurement window (is " + sink
                            + "'s clock off?); dst_cpu is the mean over the whole run");
                }
            }
            return cpu;
        } catch (IOException e) {
            LOG.warn("cannot read metrics.csv for the CPU summary: {}", e.getMessage());
            return null;
        }
    }
}
