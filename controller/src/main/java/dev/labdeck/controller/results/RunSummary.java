package dev.labdeck.controller.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * summary.json: how a run ended and its key figures. Read back by {@link RunHistory} for the
 * desktop app; thresholds are dotted paths into this document.
 *
 * @param started  ISO-8601 instant
 * @param hosts    host name to what its agent reported
 * @param traffic  null when the run ended before traffic was measured
 * @param dstCpu   CPU per core of the sink host during the measurement, or null
 * @param error    set when {@code status} is error
 * @param sections further top-level sections contributed by stages (e.g. {@code baseline}, {@code xdp});
 *                 written as top-level keys of summary.json, so thresholds can name them too
 */
public record RunSummary(
        RunStatus status,
        String profile,
        String runId,
        String started,
        String ended,
        String runDirectory,
        Map<String, HostSummary> hosts,
        TrafficSummary traffic,
        List<ThresholdResult> thresholds,
        CpuSummary dstCpu,
        RunError error,
        @JsonIgnore Map<String, JsonNode> sections) {

    public RunSummary {
        hosts = hosts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
        sections = sections == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    public boolean passed() {
        return status == RunStatus.PASSED;
    }
}
