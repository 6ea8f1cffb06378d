package dev.labdeck.controller.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileWriter;
import dev.labdeck.controller.results.EventLine;
import dev.labdeck.controller.results.EventLog;
import dev.labdeck.controller.results.MetricsCsv;
import dev.labdeck.controller.results.RunDirectory;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.run.HostState;
import dev.labdeck.controller.run.RunEvent;
import dev.labdeck.controller.run.RunListener;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.protocol.AgentEvent;
import dev.labdeck.protocol.EventLevel;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.protocol.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a run leaves behind while it goes: events.jsonl, metrics.csv, the services' log files,
 * the resolved profile and the summary's sections; and everything it tells its listener. The one
 * place both the files and the listener hear from, so the two never disagree.
 */
final class RunRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);
    /** Service moments the agent reports and the run's service stage records itself. */
    private static final Set<String> SERVICE_MOMENTS = Set.of("service.started", "service.ready", "service.failed", "service.exited");

    private final Path dir;
    private final String runId;
    private final RunListener listener;
    private final EventLog events;
    private final MetricsCsv metrics;
    private final ServiceLogFiles serviceLogs;
    private final ListenerDispatch dispatch = new ListenerDispatch();
    private final Map<String, JsonNode> sections = new ConcurrentHashMap<>();
    private final Set<String> metricsTrouble = ConcurrentHashMap.newKeySet();
    /** results.real_time: whether samples reach the listener as they come (they reach metrics.csv either way). */
    private final boolean liveSamples;

    RunRecorder(Path dir, String runId, RunListener listener, boolean liveSamples) throws IOException {
        this.dir = dir;
        this.liveSamples = liveSamples;
        this.runId = runId;
        this.listener = listener;
        this.events = new EventLog(dir);
        this.metrics = new MetricsCsv(dir);
        this.serviceLogs = new ServiceLogFiles(dir);
    }

    /** Writes the event to events.jsonl (unless it is a service's log line) and tells the listener. */
    void record(RunEvent e, boolean toFile) {
        if (toFile) {
            try {
                events.append(new EventLine(e.time().toString(), e.level(), e.phase() == null ? null : e.phase().label(),
                        e.host(), e.kind(), e.message(), e.data()));
            } catch (IOException ex) {
                LOG.error("cannot write events.jsonl: {}", ex.getMessage());
            }
            // INFO whatever the level: the terminal and the GUI show warnings themselves, the log keeps all
            LOG.info("[{}] {} {}{}", runId, e.level(), e.host() == null ? "" : e.host() + ": ", e.message());
        }
        dispatch.call(() -> listener.event(e));
    }

    void phase(RunPhase p) {
        record(new RunEvent(Instant.now(), EventLevel.INFO, p, null, "phase", p.label(), Map.of()), true);
        dispatch.call(() -> listener.phase(p));
    }

    void hostState(String host, HostState state, String detail) {
        dispatch.call(() -> listener.hostState(host, state, detail));
    }

    /** Samples an agent pushed: to metrics.csv, and to the listener unless results.real_time is off. */
    void samples(String host, List<Sample> samples) {
        try {
            metrics.append(host, samples);
        } catch (IOException e) {
            if (metricsTrouble.add(host)) {
                LOG.error("cannot write metrics.csv for {}: {}", host, e.getMessage());
            }
        }
        if (liveSamples) {
            dispatch.call(() -> listener.samples(host, samples));
        }
    }

    /** An event an agent pushed, recorded in the phase the run is in; service log lines go to their own file. */
    void agentEvent(String host, AgentEvent ev, RunPhase phase) {
        Map<String, String> data = ev.data() == null ? Map.of() : ev.data();
        Instant at = ev.timeMs() > 0 ? Instant.ofEpochMilli(ev.timeMs()) : Instant.now();
        RunEvent e = new RunEvent(at, ev.level() == null ? EventLevel.INFO : ev.level(), phase, host, ev.kind(), ev.message(), data);
        if (SERVICE_MOMENTS.contains(ev.kind())) {
            // the run's service stage records this moment itself (data source: controller), with the
            // service's state and times: recorded once. What only the agent knows is kept apart.
            LOG.debug("[{}] {}: {} (the agent's, recorded by the service stage)", runId, host, ev.message());
            if (data.containsKey("dpdk_file_prefix")) {
                record(new RunEvent(at, EventLevel.INFO, phase, host, "service.dpdk_file_prefix", "service "
                        + data.getOrDefault("service", "?") + " runs with DPDK file prefix " + data.get("dpdk_file_prefix"),
                        Map.of("service", data.getOrDefault("service", "?"), "dpdk_file_prefix", data.get("dpdk_file_prefix"))), true);
            }
            return;
        }
        if ("service.log".equals(ev.kind())) {
            String line = data.getOrDefault("line", ev.message());
            if (data.containsKey("suppressed")) {
                // the agent rate-limits streamed lines; the complete log stays on the host
                line = "[" + data.get("suppressed") + " lines not streamed; the full log is on " + host + "]\n" + line;
            }
            serviceLogs.append(host, data.getOrDefault("service", data.getOrDefault("name", "service")), line);
            record(e, false);
        } else {
            record(e, true);
        }
    }

    /** Sections of the same name merge key by key (links: ethernet and memif links from two stages). */
    void section(String name, Object value) {
        JsonNode node = ProtocolJson.mapper().valueToTree(value);
        sections.merge(name, node, (old, added) -> {
            if (old instanceof com.fasterxml.jackson.databind.node.ObjectNode o && added.isObject()) {
                com.fasterxml.jackson.databind.node.ObjectNode merged = o.deepCopy();
                merged.setAll((com.fasterxml.jackson.databind.node.ObjectNode) added);
                return merged;
            }
            return added;
        });
    }

    /** The stages' summary sections so far, by name. */
    Map<String, JsonNode> sections() {
        return sections;
    }

    void flushServiceLogs() {
        serviceLogs.flush();
    }

    void closeServiceLogs() {
        serviceLogs.close();
    }

    /**
     * Keeps the resolved profile (defaults filled in, seed form translated: what this run really
     * used) as profile.yaml; falls back to a copy of the file it was read from.
     *
     * @return why neither worked, for a warning; empty when the profile was kept
     */
    java.util.Optional<String> writeProfile(Profile profile) {
        Path target = dir.resolve(RunDirectory.PROFILE);
        try {
            Files.writeString(target, "# resolved profile of run " + runId
                    + (profile.source() == null ? "" : ", read from " + profile.source()) + "\n" + ProfileWriter.toYaml(profile));
        } catch (IOException | RuntimeException e) {
            LOG.info("cannot write the resolved profile", e);
            try {
                if (profile.source() != null && Files.isRegularFile(profile.source())) {
                    Files.copy(profile.source(), target, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException copy) {
                return java.util.Optional.of("could not keep the profile in the run directory: " + copy.getMessage());
            }
        }
        return java.util.Optional.empty();
    }

    /** The last call to the listener; then the files are closed. */
    void finished(RunSummary summary) {
        dispatch.call(() -> listener.finished(summary));
        dispatch.close();
        events.close();
        metrics.close();
    }
}
