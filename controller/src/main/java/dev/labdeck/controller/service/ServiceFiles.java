package dev.labdeck.controller.service;

import dev.labdeck.controller.agent.AgentException;
import dev.labdeck.controller.profile.ServiceSpec;
import dev.labdeck.controller.run.RunContext;
import dev.labdeck.protocol.EventLevel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files services wrote that the profile collects ({@code collect}, e.g. dpdk-pdump's pcap),
 * copied from their hosts into the run directory as {@code services/<service>/<file name>} once
 * they have stopped; summary.json {@code services.<service>.files.<file name>: {path, bytes}} or
 * {@code files_missing.<file name>: reason}.
 */
final class ServiceFiles {
    private ServiceFiles() {}

    /** Adds each service's collected files to {@code section} (service name → its entry). */
    static void collect(RunContext ctx, List<ServiceFigures.Source> sources, Map<String, Object> section) {
        for (ServiceFigures.Source src : sources) {
            ServiceSpec spec = src.service();
            if (spec.collect().isEmpty()) {
                continue;
            }
            Map<String, Object> files = new LinkedHashMap<>();
            Map<String, String> missing = new LinkedHashMap<>();
            for (String file : spec.collect()) {
                String name = Path.of(file).getFileName().toString();
                if (!src.started()) {
                    missing.put(name, "the service did not start");
                    continue;
                }
                Path relative = Path.of("services", spec.name(), name);
                try {
                    long bytes = ctx.agent(src.host()).serviceFile(spec.name(), file, ctx.runDirectory().resolve(relative));
                    files.put(name, Map.of("path", relative.toString(), "bytes", bytes));
                    ctx.event(EventLevel.INFO, src.host(), "service.collected", "service " + spec.name() + ": " + file
                            + " (" + bytes + " bytes) copied to " + relative, Map.of("service", spec.name(),
                            "file", relative.toString(), "bytes", Long.toString(bytes)));
                } catch (AgentException | RuntimeException e) {
                    String why = e instanceof AgentException a ? a.detail() : e.getMessage();
                    missing.put(name, why);
                    ctx.event(EventLevel.WARN, src.host(), "service.collect_failed", "service " + spec.name() + ": " + file
                            + " could not be copied into the run directory: " + why, Map.of("service", spec.name(), "file", file));
                }
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = (Map<String, Object>) section.computeIfAbsent(spec.name(), k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("host", src.host());
                return m;
            });
            entry.put("files", files);
            if (!missing.isEmpty()) {
                entry.put("files_missing", missing);
            }
        }
    }
}
