package dev.labdeck.gui.lab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.profile.BaselineKind;
import dev.labdeck.controller.link.LinkEndCounters;
import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.LinkSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ServiceFigure;
import dev.labdeck.controller.profile.ServiceSpec;
import dev.labdeck.controller.results.BaselineRunComparison;
import dev.labdeck.controller.results.CpuSummary;
import dev.labdeck.controller.results.FlowSummary;
import dev.labdeck.controller.results.RunStatus;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.SummaryJson;
import dev.labdeck.controller.results.TrafficSummary;
import dev.labdeck.controller.service.HttpSummary;
import dev.labdeck.controller.sweep.SearchSummary;
import dev.labdeck.controller.sweep.SweepSummary;
import dev.labdeck.controller.xdp.BaselineSummary;
import dev.labdeck.controller.xdp.XdpSummary;
import dev.labdeck.protocol.ProtocolJson;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Figures of summary.json a threshold can name, offered in the inspector as the user types. The
 * paths come from the records the controller writes into summary.json (a sample of each written
 * with the same JSON mapper), so a figure added to those records is offered by itself; the
 * sections a profile adds are offered when the profile has them (xdp.*, baseline.*, http.*,
 * sweep.*, search.*, links.&lt;link&gt;.* by the profile's links, services.&lt;service&gt;.figures.&lt;figure&gt;
 * from the services' own figures).
 */
final class FigurePaths {
    private FigurePaths() {}

    static final List<String> EXAMPLES = List.of("traffic.loss_percent <= 0.1", "traffic.rx_pps >= 9000");

    /** A memif link end's DPDK port counters over MEASURE (a map DpdkWindow writes, so not seen from a record). */
    private static final List<String> DPDK_PORT = List.of("rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors",
            "tx_errors", "rx_missed", "rx_nombuf");

    /** The HTTP load's latency quantiles (a map in HttpSummary, so not seen from the record). */
    private static final List<String> HTTP_LATENCY = List.of("p50", "p90", "p99", "p99_9", "max", "mean");

    /**
     * The numbers summary.json always has when traffic was measured (traffic.*, dst_cpu.*), found by
     * writing a summary with the controller's own writer. Per-flow figures and clock readings are left out.
     */
    static final List<String> ALWAYS = measured();

    private static List<String> measured() {
        TrafficSummary t = new TrafficSummary(1, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 2, List.<FlowSummary>of());
        RunSummary s = new RunSummary(RunStatus.PASSED, "p", "r", null, null, null, Map.of(), t, List.of(),
                new CpuSummary("dst", Map.of(), 1), null, Map.of());
        List<String> out = new ArrayList<>();
        numbers("", SummaryJson.toTree(s), out);
        out.removeIf(k -> k.endsWith("_ms") || k.contains(".per_flow.") || k.contains("per_core"));
        return List.copyOf(out);
    }

    /** Every figure a threshold of {@code p} can name: traffic's when it sends, and each section it adds. */
    static List<String> forProfile(Profile p) {
        Set<String> out = new LinkedHashSet<>();
        if (p == null) return List.copyOf(ALWAYS);
        if (p.traffic() != null || p.sweep() != null || p.search() != null) out.addAll(ALWAYS);
        if (!p.xdp().isEmpty()) out.addAll(section("xdp", XdpSummary.class));
        if (p.baseline() != null) {
            out.addAll(p.baseline().kind() == BaselineKind.RUN ? section("baseline", BaselineRunComparison.class)
                    : section("baseline", BaselineSummary.class));
        }
        if (p.http() != null) {
            out.addAll(section("http", HttpSummary.class));
            for (String q : HTTP_LATENCY) out.add("http.latency_us." + q);
        }
        if (p.sweep() != null) out.addAll(section("sweep", SweepSummary.class));
        if (p.search() != null) out.addAll(section("search", SearchSummary.class));
        for (LinkSpec l : p.links()) {
            switch (l) {
                case LinkSpec.Ethernet e -> {
                    out.addAll(section("links." + e.name() + ".a", LinkEndCounters.class));
                    out.addAll(section("links." + e.name() + ".b", LinkEndCounters.class));
                }
                case LinkSpec.Memif m -> {
                    for (String end : List.of("master", "slave")) {
                        for (String c : DPDK_PORT) out.add("links." + m.name() + "." + end + "." + c);
                    }
                }
            }
        }
        for (HostSpec h : p.hosts()) {
            for (ServiceSpec s : h.services()) {
                for (ServiceFigure f : s.figures()) out.add("services." + s.name() + ".figures." + f.name());
            }
        }
        return List.copyOf(out);
    }

    /** The numeric (and true/false) paths of a section written from {@code type}; list items as their first, index 0. */
    static List<String> section(String name, Class<? extends Record> type) {
        List<String> out = new ArrayList<>();
        numbers(name, ProtocolJson.mapper().valueToTree(sample(type, type)), out);
        out.removeIf(k -> k.endsWith("_ms"));
        return out;
    }

    /** A value of {@code type} with every number 0, a list of one sample item, maps empty: its JSON shows every key. */
    private static Object sample(Class<?> type, Type generic) {
        if (type == long.class || type == Long.class) return 0L;
        if (type == int.class || type == Integer.class) return 0;
        if (type == double.class || type == Double.class) return 0.0;
        if (type == boolean.class || type == Boolean.class) return false;
        if (type == String.class) return "x";
        if (type.isEnum()) return type.getEnumConstants()[0];
        if (List.class.isAssignableFrom(type) && generic instanceof ParameterizedType pt
                && pt.getActualTypeArguments()[0] instanceof Class<?> item && item.isRecord()) {
            return List.of(sample(item, item));
        }
        if (List.class.isAssignableFrom(type)) return List.of();
        if (Map.class.isAssignableFrom(type)) return Map.of();
        if (type.isRecord()) {
            RecordComponent[] cs = type.getRecordComponents();
            Object[] args = new Object[cs.length];
            Class<?>[] types = new Class<?>[cs.length];
            for (int i = 0; i < cs.length; i++) {
                types[i] = cs[i].getType();
                args[i] = sample(cs[i].getType(), cs[i].getGenericType());
            }
            try {
                var c = type.getDeclaredConstructor(types);
                c.setAccessible(true);
                return c.newInstance(args);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null; // a record that refuses zeros: its keys are not offered, the field's help still names the section
            }
        }
        return null;
    }

    private static void numbers(String prefix, JsonNode node, List<String> out) {
        if (node == null) return;
        if (node.isNumber() || node.isBoolean()) {
            out.add(prefix);
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                numbers(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray() && !node.isEmpty()) {
            numbers(prefix + ".0", node.get(0), out);
        }
    }

    /**
     * What the thresholds field offers for {@code text}: the conditions already typed kept, the one
     * being typed (after the last ';', before any comparison) completed with each figure containing it.
     */
    static List<String> complete(String text, List<String> paths) {
        String t = text == null ? "" : text;
        int cut = t.lastIndexOf(';');
        String done = cut < 0 ? "" : t.substring(0, cut + 1) + " ";
        String typing = t.substring(cut + 1).strip();
        if (typing.isEmpty() || typing.matches(".*[<>=!].*")) return List.of();
        String needle = typing.toLowerCase(Locale.ROOT);
        List<String> starts = new ArrayList<>(), contains = new ArrayList<>();
        for (String p : paths) {
            String lower = p.toLowerCase(Locale.ROOT);
            if (lower.equals(needle)) continue;
            if (lower.startsWith(needle)) starts.add(done + p + " ");
            else if (lower.contains(needle)) contains.add(done + p + " ");
        }
        starts.addAll(contains);
        return starts;
    }

    /** The thresholds field's help: the form, examples, and the figures it can name. */
    static String help(List<String> paths) {
        return "Conditions on summary.json's figures, separated by ';' — e.g. " + String.join("; ", EXAMPLES)
                + ". Type part of a figure's name for suggestions. Figures of this profile: " + String.join(", ", paths) + ".";
    }
}
