package dev.labdeck.controller.service;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.agent.AgentException;
import dev.labdeck.controller.profile.ServiceFigure;
import dev.labdeck.controller.profile.ServiceSpec;
import dev.labdeck.controller.run.RunContext;
import dev.labdeck.protocol.EventLevel;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.protocol.ServiceOutput;
import dev.labdeck.protocol.ServiceOutputRequest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the figures services declare ({@code figures}: a regex or a JSON pointer over their
 * output or a file) once they have stopped, so their output is complete. Each lands in
 * summary.json as {@code services.<service>.figures.<figure>}; one that cannot be read is named
 * with the reason under {@code services.<service>.figures_missing} and in a warning, so a
 * threshold on it fails saying the figure is not in the summary.
 */
final class ServiceFigures {
    private ServiceFigures() {}

    /** A service with figures and the host it ran on; {@code started} false when it never started. */
    record Source(String host, ServiceSpec service, boolean started) {}

    /** The {@code services} section: by service, host, figures and figures_missing. */
    static Map<String, Object> read(RunContext ctx, List<Source> sources) {
        Map<String, Object> section = new LinkedHashMap<>();
        for (Source src : sources) {
            ServiceSpec spec = src.service();
            if (spec.figures().isEmpty()) {
                continue;
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            Map<String, String> missing = new LinkedHashMap<>();
            Map<String, Object> outputs = new HashMap<>();
            for (ServiceFigure f : spec.figures()) {
                if (!src.started()) {
                    missing.put(f.name(), "the service did not start");
                    continue;
                }
                String key = f.file() == null ? "" : f.file();
                Object out = outputs.computeIfAbsent(key, k -> fetch(ctx, src.host(), spec.name(), f.file()));
                if (out instanceof String problem) {
                    missing.put(f.name(), problem);
                    continue;
                }
                ServiceOutput o = (ServiceOutput) out;
                try {
                    figures.put(f.name(), f.regex() != null ? byRegex(f, o) : byPointer(f, o));
                } catch (IllegalStateException e) {
                    missing.put(f.name(), e.getMessage());
                }
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("host", src.host());
            entry.put("figures", figures);
            if (!missing.isEmpty()) {
                entry.put("figures_missing", missing);
            }
            section.put(spec.name(), entry);
            if (!figures.isEmpty()) {
                ctx.event(EventLevel.INFO, src.host(), "service.figures", "service " + spec.name() + ": " + String.join(", ",
                        figures.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()),
                        Map.of("service", spec.name()));
            }
            missing.forEach((name, why) -> ctx.event(EventLevel.WARN, src.host(), "service.figure_missing",
                    "service " + spec.name() + ": figure " + name + " not read: " + why,
                    Map.of("service", spec.name(), "figure", name)));
        }
        return section;
    }

    /** The output, or why it cannot be had. */
    private static Object fetch(RunContext ctx, String host, String service, String file) {
        try {
            return ctx.agent(host).serviceOutput(service, new ServiceOutputRequest(file));
        } catch (AgentException e) {
            return e.status() >= 400 && e.status() < 500 ? e.reason() : e.getMessage();
        } catch (RuntimeException e) {
            return "the agent on " + host + " cannot be asked: " + e.getMessage();
        }
    }

    private static String what(ServiceOutput o) {
        return o.source() + (o.truncated() ? " (its last " + o.text().length() + " characters)" : "");
    }

    /** The first group of the last match. */
    static Number byRegex(ServiceFigure f, ServiceOutput o) {
        Matcher m = Pattern.compile(f.regex(), Pattern.MULTILINE).matcher(o.text());
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        if (last == null) {
            throw new IllegalStateException("nothing in " + what(o) + " matches " + f.regex());
        }
        return number(last, "'" + f.regex() + "' matched '" + last + "' in " + o.source());
    }

    static Number byPointer(ServiceFigure f, ServiceOutput o) {
        JsonNode root;
        try {
            root = ProtocolJson.mapper().readTree(o.text());
        } catch (Exception e) {
            throw new IllegalStateException(what(o) + " is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalStateException(what(o) + " is empty");
        }
        JsonNode n = root.at(JsonPointer.compile(f.jsonPointer()));
        if (n.isMissingNode() || n.isNull()) {
            throw new IllegalStateException("no " + f.jsonPointer() + " in " + o.source());
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            return number(n.textValue(), f.jsonPointer() + " in " + o.source() + " is '" + n.textValue() + "'");
        }
        throw new IllegalStateException(f.jsonPointer() + " in " + o.source() + " is " + n.getNodeType().name()
                .toLowerCase(Locale.ROOT) + ", not a number");
    }

    private static Number number(String text, String where) {
        String t = text.trim();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException notWhole) {
            try {
                double d = Double.parseDouble(t);
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException notNumber) {
                // said below
            }
        }
        throw new IllegalStateException(where + ", not a number");
    }
}
