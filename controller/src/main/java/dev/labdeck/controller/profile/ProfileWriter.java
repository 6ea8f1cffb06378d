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
        if (p.description() != null) {
            put(top, "description", text(p.description()));
        }
        put(top, "agent", map(
                entry("port", integer(p.agent().port())),
                entry("bind", text(p.agent().bind())),
                entry("heartbeat_timeout", duration(p.agent().heartbeatTimeout())),
                entry("accept_new_host_keys", bool(p.agent().acceptNewHostKeys()))));
        List<NodeTuple> hosts = new ArrayList<>();
        for (HostSpec h : p.hosts()) {
            put(hosts, h.name(), host(h));
        }
        put(top, "hosts", new MappingNode(Tag.MAP, hosts, DumperOptions.FlowStyle.BLOCK));
        if (!p.links().isEmpty()) {
            put(top, "links", blockList(p.links().stream().map(ProfileWriter::link).toList()));
        }
        if (!p.xdp().isEmpty()) {
            put(top, "xdp", blockList(p.xdp().stream().map(ProfileWriter::xdp).toList()));
        }
        if (p.traffic() != null) {
            TrafficSpec t = p.traffic();
            put(top, "traffic", map(
                    entry("source", text(t.source())),
                    entry("sink", text(t.sink())),
                    entry("destination", text(t.destination())),
                    entry("flows", integer(t.flows())),
                    entry("ports", flowList(t.ports().stream().map(ProfileWriter::integer).toList())),
                    entry("rate_pps", integer(t.pps())),
                    entry("packet_size", integer(t.packetSize())),
                    entry("duration", duration(t.duration())),
                    entry("warmup", duration(t.warmup())),
                    entry("cooldown", duration(t.cooldown()))));
        }
        if (p.monitoring() != null) {
            put(top, "monitoring", map(
                    entry("sample_interval", duration(p.monitoring().sampleInterval())),
                    entry("metrics", words(p.monitoring().metrics()))));
        }
        if (p.results() != null) {
            put(top, "results", map(
                    entry("formats", words(p.results().formats())),
                    entry("real_time", bool(p.results().realTime())),
                    entry("directory", text(p.results().directory()))));
        }
        if (!p.thresholds().isEmpty()) {
            put(top, "thresholds", blockList(p.thresholds().stream()
                    .map(t -> text(ThresholdExpression.format(t))).toList()));
        }
        if (p.baseline() != null) {
            put(top, "baseline", map(
                    entry("kind", text(p.baseline().kind())),
                    entry("run", text(p.baseline().run()))));
        }
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

    private static Node host(HostSpec h) {
        List<NodeTuple> f = new ArrayList<>();
        put(f, "address", text(h.address()));
        put(f, "transport", text(h.transport().name().toLowerCase(java.util.Locale.ROOT)));
        if (h.transport() == HostSpec.Transport.SSH || h.sshPort() != ProfileDefaults.SSH_PORT) {
            put(f, "port", integer(h.sshPort()));
        }
        put(f, "user", text(h.user()));
        put(f, "key", text(h.key()));
        if (!h.roles().isEmpty()) {
            put(f, "roles", words(h.roles()));
        }
        put(f, "java", text(h.java()));
        if (h.position() != null) {
            put(f, "position", new MappingNode(Tag.MAP, new ArrayList<>(List.of(
                    new NodeTuple(text("x"), number(h.position().x())),
                    new NodeTuple(text("y"), number(h.position().y())))), DumperOptions.FlowStyle.FLOW));
        }
        if (!h.services().isEmpty()) {
            put(f, "services", blockList(h.services().stream().map(ProfileWriter::service).toList()));
        }
        return new MappingNode(Tag.MAP, f, DumperOptions.FlowStyle.BLOCK);
    }

    private static Node service(ServiceSpec s) {
        List<NodeTuple> f = new ArrayList<>();
        put(f, "name", text(s.name()));
        put(f, "command", flowList(s.command().stream().map(ProfileWriter::text).toList()));
        put(f, "workdir", text(s.workingDirectory()));
        if (!s.environment().isEmpty()) {
            List<NodeTuple> env = new ArrayList<>();
            for (Map.Entry<String, String> e : s.environment().entrySet()) {
                put(env, e.getKey(), text(e.getValue()));
            }
            put(f, "env", new MappingNode(Tag.MAP, env, DumperOptions.FlowStyle.BLOCK));
        }
        if (!s.cores().isEmpty()) {
            put(f, "cores", flowList(s.cores().stream().map(ProfileWriter::integer).toList()));
        }
        if (!s.after().isEmpty()) {
            put(f, "after", words(s.after()));
        }
        if (s.readiness() != null) {
            put(f, "readiness", readiness(s.readiness()));
        }
        put(f, "start_timeout", duration(s.startTimeout()));
        put(f, "stop_signal", text(s.stopSignal()));
        put(f, "stop_grace", duration(s.stopGrace()));
        put(f, "crash_fails_run", bool(s.crashFailsRun()));
        return new MappingNode(Tag.MAP, f, DumperOptions.FlowStyle.BLOCK);
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

    private static Node xdp(XdpSpec x) {
        List<NodeTuple> f = new ArrayList<>();
        put(f, "host", text(x.host()));
        put(f, "interface", text(x.interfaceName()));
        put(f, "object", text(x.object()));
        put(f, "program", text(x.program()));
        put(f, "mode", text(x.mode()));
        put(f, "allow_generic", bool(x.allowGeneric()));
        put(f, "action", text(x.action()));
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

    private static Node words(Collection<String> words) {
        return flowList(words.stream().map(ProfileWriter::text).toList());
    }

    private static Node flowList(List<Node> items) {
        return new SequenceNode(Tag.SEQ, new ArrayList<>(items), DumperOptions.FlowStyle.FLOW);
    }

    private static Node blockList(List<Node> items) {
        return new SequenceNode(Tag.SEQ, new ArrayList<>(items), DumperOptions.FlowStyle.BLOCK);
    }
}
