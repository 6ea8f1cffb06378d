package dev.labdeck.controller.profile;

import dev.labdeck.protocol.ReadinessProbe;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Writes a profile in LabDeck's form (a seed-form profile too), so that {@link ProfileLoader}
 * reads back the same model: the desktop app saves with it, host positions included. Short
 * lists of words and numbers are written inline ({@code roles: [src, dst]}), the rest as blocks.
 */
public final class ProfileWriter {

    private ProfileWriter() {}

    public static String toYaml(Profile p) {
        List<NodeTuple> top = new ArrayList<>();
        put(top, "name", text(p.name()));
        put(top, "description", text(p.description()));
        put(top, "agent", record(p.agent()));
        List<NodeTuple> hosts = new ArrayList<>();
        for (HostSpec h : p.hosts()) {
            put(hosts, h.name(), host(h));
        }
        put(top, "hosts", new MappingNode(Tag.MAP, hosts, DumperOptions.FlowStyle.BLOCK));
        if (!p.links().isEmpty()) {
            put(top, "links", blockList(p.links().stream().map(ProfileWriter::link).toList()));
        }
        if (!p.xdp().isEmpty()) {
            put(top, "xdp", blockList(p.xdp().stream().map(ProfileWriter::record).toList()));
        }
        put(top, "traffic", record(p.traffic()));
        put(top, "monitoring", record(p.monitoring()));
        put(top, "results", record(p.results()));
        if (!p.thresholds().isEmpty()) {
            put(top, "thresholds", blockList(p.thresholds().stream()
                    .map(t -> text(ThresholdExpression.format(t))).toList()));
        }
        put(top, "baseline", record(p.baseline()));
        put(top, "measure", record(p.measure()));
        put(top, "http", record(p.http()));
        put(top, "sweep", record(p.sweep()));
        put(top, "search", record(p.search()));
        DumperOptions o = new DumperOptions();
        o.setIndent(2);
        o.setIndicatorIndent(2);
        o.setIndentWithIndicator(true);
        o.setWidth(120);
        o.setSplitLines(false);
        o.setAllowUnicode(true);
        StringWriter out = new StringWriter();
        new Yaml(o).serialize(new MappingNode(Tag.MAP, top, DumperOptions.FlowStyle.BLOCK), out);
        return out.toString();
    }

    /** Writes the profile to {@code file} through a temporary file, so a crash never leaves half a profile. */
    public static void write(Profile p, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, toYaml(p), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * A record of the definition as a block mapping of its keys, in the definition's order: every
     * value it has (defaults included, so a written profile says what the run used). Null values
     * are left out, and so are empty lists whose key defaults to empty.
     */
    private static Node record(Record rec) {
        if (rec == null) {
            return null;
        }
        List<NodeTuple> f = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Class<? extends Record> type = (Class<? extends Record>) rec.getClass();
        for (ProfileDefinition.Field d : ProfileDefinition.fields(type)) {
            if (d.def().internal()) {
                continue;
            }
            Object v = d.get(rec);
            if (v instanceof Collection<?> c && c.isEmpty() && d.def().derived().isEmpty()
                    && (d.def().orElse().isEmpty() || d.def().orElse().equals("[]"))) {
                continue;
            }
            put(f, d.key(), d.def().custom() ? custom(rec, d.key(), v) : value(d, v));
        }
        return new MappingNode(Tag.MAP, f, DumperOptions.FlowStyle.BLOCK);
    }

    private static Node value(ProfileDefinition.Field d, Object v) {
        if (v == null) {
            return null;
        }
        return switch (d.shape()) {
            case TEXT -> text((String) v);
            case WHOLE -> !d.def().zeroWord().isEmpty() && ((Number) v).longValue() == 0 ? text(d.def().zeroWord())
                    : integer(((Number) v).longValue());
            case NUMBER -> number(((Number) v).doubleValue());
            case BOOLEAN -> bool((Boolean) v);
            case DURATION -> duration((Duration) v);
            case WORD -> text(((ProfileWord) v).word());
            case WORD_LIST -> flowList(((Collection<?>) v).stream().map(w -> text(((ProfileWord) w).word())).toList());
            case TEXT_LIST, TEXT_SET -> flowList(((Collection<?>) v).stream().map(w -> text((String) w)).toList());
            case WHOLE_LIST -> flowList(((Collection<?>) v).stream().map(w -> integer(((Number) w).longValue())).toList());
            case RECORD -> record((Record) v);
            case RECORD_LIST -> blockList(((Collection<?>) v).stream().map(x -> record((Record) x)).toList());
            case CUSTOM -> null;
        };
    }

    /** The values with a shape of their own. */
    private static Node custom(Record owner, String key, Object v) {
        if (v == null) {
            return null;
        }
        return switch (owner) {
            case ServiceSpec s when key.equals("command") -> flowList(s.command().stream().map(ProfileWriter::text).toList());
            case ServiceSpec s when key.equals("env") -> env(s.environment());
            case ServiceSpec s when key.equals("readiness") -> readiness(s.readiness());
            case HostSpec h when key.equals("position") -> new MappingNode(Tag.MAP, new ArrayList<>(List.of(
                    new NodeTuple(text("x"), number(h.position().x())),
                    new NodeTuple(text("y"), number(h.position().y())))), DumperOptions.FlowStyle.FLOW);
            default -> throw new IllegalStateException("no writer for " + owner.getClass().getSimpleName() + "." + key);
        };
    }

    private static Node host(HostSpec h) {
        return record(h);
    }

    private static Node env(Map<String, String> environment) {
        if (environment.isEmpty()) {
            return null;
        }
        List<NodeTuple> env = new ArrayList<>();
        for (Map.Entry<String, String> e : environment.entrySet()) {
            put(env, e.getKey(), text(e.getValue()));
        }
        return new MappingNode(Tag.MAP, env, DumperOptions.FlowStyle.BLOCK);
    }

    private static Node readiness(ReadinessProbe r) {
        List<NodeTuple> f = new ArrayList<>();
        switch (r) {
            case ReadinessProbe.UnixSocket u -> {
                put(f, "kind", text("unix_socket"));
                put(f, "path", text(u.path()));
            }
            case ReadinessProbe.TcpPort t -> {
                put(f, "kind", text("tcp_port"));
                put(f, "port", integer(t.port()));
            }
            case ReadinessProbe.LogLine l -> {
                put(f, "kind", text("log_line"));
                put(f, "pattern", text(l.pattern()));
            }
            case ReadinessProbe.DpdkLinkUp d -> {
                put(f, "kind", text("dpdk_link_up"));
                put(f, "file_prefix", text(d.filePrefix()));
                put(f, "port", integer(d.port()));
            }
            case ReadinessProbe.FileExists e -> {
                put(f, "kind", text("file_exists"));
                put(f, "path", text(e.path()));
            }
            case ReadinessProbe.Delay d -> {
                put(f, "kind", text("delay"));
                put(f, "duration", duration(Duration.ofMillis(d.millis())));
            }
        }
        return new MappingNode(Tag.MAP, f, DumperOptions.FlowStyle.BLOCK);
    }

    private static Node link(LinkSpec l) {
        List<NodeTuple> f = new ArrayList<>();
        put(f, "name", text(l.name()));
        switch (l) {
            case LinkSpec.Ethernet e -> {
                put(f, "kind", text("ethernet"));
                put(f, "a", text(LabDeckFormReader.formatEndpoint(e.a())));
                put(f, "b", text(LabDeckFormReader.formatEndpoint(e.b())));
            }
            case LinkSpec.Memif m -> {
                put(f, "kind", text("memif"));
                put(f, "host", text(m.host()));
                put(f, "master", text(m.master()));
                put(f, "slave", text(m.slave()));
                put(f, "socket", text(m.socket()));
            }
        }
        return new MappingNode(Tag.MAP, f, DumperOptions.FlowStyle.BLOCK);
    }

    // --- nodes; a null value leaves its key out

    private static void put(List<NodeTuple> into, String key, Node value) {
        if (value != null) {
            into.add(new NodeTuple(text(key), value));
        }
    }

    private static NodeTuple entry(String key, Node value) {
        return value == null ? null : new NodeTuple(text(key), value);
    }

    private static Node map(NodeTuple... entries) {
        List<NodeTuple> f = new ArrayList<>();
        for (NodeTuple t : entries) {
            if (t != null) {
                f.add(t);
            }
        }
        return new MappingNode(Tag.MAP, f, DumperOptions.FlowStyle.BLOCK);
    }

    private static Node text(String s) {
        return s == null ? null : new ScalarNode(Tag.STR, s, null, null, DumperOptions.ScalarStyle.PLAIN);
    }

    private static Node integer(long v) {
        return new ScalarNode(Tag.INT, Long.toString(v), null, null, DumperOptions.ScalarStyle.PLAIN);
    }

    private static Node number(double v) {
        String s = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : BigDecimal.valueOf(v).toPlainString();
        return new ScalarNode(s.contains(".") ? Tag.FLOAT : Tag.INT, s, null, null, DumperOptions.ScalarStyle.PLAIN);
    }

    private static Node bool(boolean v) {
        return new ScalarNode(Tag.BOOL, Boolean.toString(v), null, null, DumperOptions.ScalarStyle.PLAIN);
    }

    private static Node duration(Duration d) {
        return d == null ? null : text(Durations.format(d));
    }

    private static Node flowList(List<Node> items) {
        return new SequenceNode(Tag.SEQ, new ArrayList<>(items), DumperOptions.FlowStyle.FLOW);
    }

    private static Node blockList(List<Node> items) {
        return new SequenceNode(Tag.SEQ, new ArrayList<>(items), DumperOptions.FlowStyle.BLOCK);
    }
}
