package dev.labdeck.controller.profile;

import dev.labdeck.protocol.ReadinessProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads LabDeck's own profile form (see {@code profiles/labdeck-profile.schema.json}). */
final class LabDeckFormReader {

    static final List<String> TOP = List.of("name", "description", "agent", "hosts", "links", "xdp", "traffic",
            "monitoring", "results", "thresholds", "baseline");
    static final List<String> AGENT = List.of("port", "bind", "heartbeat_timeout", "accept_new_host_keys");
    static final List<String> HOST = List.of("address", "transport", "port", "user", "key", "roles", "java",
            "position", "services");
    static final List<String> POSITION = List.of("x", "y");
    static final List<String> SERVICE = List.of("name", "command", "workdir", "env", "cores", "after", "readiness",
            "start_timeout", "stop_signal", "stop_grace", "crash_fails_run");
    static final Map<String, List<String>> READINESS = Map.of(
            "unix_socket", List.of("kind", "path"),
            "tcp_port", List.of("kind", "port"),
            "log_line", List.of("kind", "pattern"),
            "dpdk_link_up", List.of("kind", "file_prefix", "port"),
            "file_exists", List.of("kind", "path"),
            "delay", List.of("kind", "duration"));
    static final List<String> READINESS_KINDS = List.of("unix_socket", "tcp_port", "log_line", "dpdk_link_up",
            "file_exists", "delay");
    static final List<String> ETHERNET = List.of("name", "kind", "a", "b");
    static final List<String> MEMIF = List.of("name", "kind", "host", "master", "slave", "socket");
    static final List<String> XDP = List.of("host", "interface", "object", "program", "mode", "allow_generic",
            "action");
    static final List<String> TRAFFIC = List.of("source", "sink", "destination", "flows", "ports", "rate_pps",
            "packet_size", "duration", "warmup", "cooldown");
    static final List<String> MONITORING = List.of("sample_interval", "metrics");
    static final List<String> RESULTS = List.of("formats", "real_time", "directory");
    static final List<String> THRESHOLD = List.of("metric", "op", "value");
    static final List<String> BASELINE = List.of("kind", "run");

    static final Set<String> TRANSPORTS = ordered("local", "ssh");
    static final Set<String> METRICS = ordered("cpu", "memory", "network", "xdp", "dpdk");
    static final Set<String> FORMATS = ordered("json", "csv", "html", "junit");
    static final Set<String> XDP_MODES = ordered("native", "generic", "offload");
    static final Set<String> XDP_ACTIONS = ordered("pass", "drop", "tx");
    static final Set<String> BASELINE_KINDS = ordered("without-xdp", "run");
    static final Set<String> LINK_KINDS = ordered("ethernet", "memif");
    static final Set<String> SIGNALS = ordered("TERM", "INT", "KILL", "HUP", "QUIT", "USR1", "USR2");

    

    private final NodeReader r;

    LabDeckFormReader(NodeReader reader) {
        this.r = reader;
    }

    Profile read(NodeReader.Fields top, Path source, String fallbackName) {
        String name = r.text(top.value("name"), "name", "the profile name");
        if (name == null || name.isBlank()) {
            name = fallbackName;
        }
        String description = r.text(top.value("description"), "description", "the description");
        AgentSettings agent = agent(top.value("agent"));
        List<HostSpec> hosts = hosts(top);
        List<LinkSpec> links = links(top.value("links"));
        List<XdpSpec> xdp = xdp(top.value("xdp"));
        TrafficSpec traffic = traffic(top.value("traffic"), hosts);
        MonitoringSpec monitoring = monitoring(top.value("monitoring"), !xdp.isEmpty(),
                hosts.stream().anyMatch(h -> !h.services().isEmpty()));
        ResultsSpec results = results(top.value("results"));
        List<Threshold> thresholds = thresholds(top.value("thresholds"));
        BaselineSpec baseline = baseline(top.value("baseline"));
        return new Profile(name, description, source, ProfileForm.LABDECK, agent, hosts, links, xdp, traffic,
                monitoring, results, thresholds, baseline);
    }

    private AgentSettings agent(Node n) {
        AgentSettings d = AgentSettings.defaults();
        if (n == null || NodeReader.isNull(n)) {
            return d;
        }
        NodeReader.Fields f = r.fields(n, "agent", "agent", AGENT);
        if (f == null) {
            return d;
        }
        Integer port = r.integer(f.value("port"), "agent.port", "agent port");
        String bind = r.text(f.value("bind"), "agent.bind", "agent bind address");
        Duration hb = r.duration(f.value("heartbeat_timeout"), "agent.heartbeat_timeout", "heartbeat_timeout");
        Boolean accept = r.bool(f.value("accept_new_host_keys"), "agent.accept_new_host_keys",
                "accept_new_host_keys");
        return new AgentSettings(port != null ? port : d.port(), bind != null ? bind : d.bind(),
                hb != null ? hb : d.heartbeatTimeout(), accept != null ? accept : d.acceptNewHostKeys());
    }

    private List<HostSpec> hosts(NodeReader.Fields top) {
        List<HostSpec> hosts = new ArrayList<>();
        Node n = top.value("hosts");
        if (n == null || NodeReader.isNull(n)) {
            return hosts; // the validator says that there are none
        }
        NodeReader.Fields f = r.fields(n, "hosts", "hosts (host name → host)", null, "host name");
        if (f == null) {
            return hosts;
        }
        for (Map.Entry<String, NodeTuple> e : f.entries().entrySet()) {
            String name = e.getKey();
            String path = "hosts." + name;
            r.record(path, e.getValue().getKeyNode());
            hosts.add(host(name, e.getValue().getValueNode(), path));
        }
        return hosts;
    }

    private HostSpec host(String name, Node n, String path) {
        String what = "host '" + name + "'";
        NodeReader.Fields f = NodeReader.isNull(n) ? null : r.fields(n, path, what, HOST);
        if (f == null) {
            if (NodeReader.isNull(n)) {
                r.problem(n, what + " has no settings: give at least 'address' or 'transport: local'");
            }
            return new HostSpec(name, "127.0.0.1", HostSpec.Transport.LOCAL, 22, null, null, Set.of(), null,
                    List.of(), null);
        }
        String address = r.text(f.value("address"), path + ".address", "address");
        String t = r.oneOf(f.value("transport"), path + ".transport", "transport", TRANSPORTS);
        HostSpec.Transport transport = t != null ? HostSpec.Transport.valueOf(t.toUpperCase(java.util.Locale.ROOT))
                : address == null ? HostSpec.Transport.LOCAL : HostSpec.Transport.SSH;
        if (transport == HostSpec.Transport.SSH && address == null && f.value("transport") != null && t != null) {
            r.problem(f.node(), what + " uses ssh but has no 'address'");
        }
        if (address == null) {
            address = "127.0.0.1";
        }
        Integer port = r.integer(f.value("port"), path + ".port", "SSH port");
        String user = r.text(f.value("user"), path + ".user", "user");
        String key = r.text(f.value("key"), path + ".key", "key file");
        List<String> roles = r.textList(f.value("roles"), path + ".roles", "roles", true);
        String java = r.text(f.value("java"), path + ".java", "java");
        HostSpec.Position position = position(f.value("position"), path + ".position");
        List<ServiceSpec> services = services(f.value("services"), path + ".services", name);
        return new HostSpec(name, address, transport, port != null ? port : ProfileDefaults.SSH_PORT, user, key,
                roles == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(roles)), java,
                services, position);
    }

    private HostSpec.Position position(Node n, String path) {
        if (n == null || NodeReader.isNull(n)) {
            return null;
        }
        NodeReader.Fields f = r.fields(n, path, "position", POSITION);
        if (f == null) {
            return null;
        }
        Double x = r.number(f.value("x"), path + ".x", "position x");
        Double y = r.number(f.value("y"), path + ".y", "position y");
        if (!f.has("x") || !f.has("y")) {
            r.problem(n, "position needs both x and y");
        }
        return new HostSpec.Position(x != null ? x : 0, y != null ? y : 0);
    }

    private List<ServiceSpec> services(Node n, String path, String host) {
        List<ServiceSpec> out = new ArrayList<>();
        List<Node> items = r.list(n, path, "services of host '" + host + "'");
        if (items == null) {
            return out;
        }
        for (int i = 0; i < items.size(); i++) {
            ServiceSpec s = service(items.get(i), SourceMap.index(path, i), host, i);
            if (s != null) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    private ServiceSpec service(Node n, String path, String host, int index) {
        NodeReader.Fields f = r.fields(n, path, "a service of host '" + host + "'", SERVICE);
        if (f == null) {
            return null;
        }
        String name = r.text(f.value("name"), path + ".name", "service name");
        if (name == null) {
            r.require(f, "name", "service " + (index + 1) + " of host '" + host + "'");
            name = "service" + (index + 1);
        }
        String what = "service '" + name + "'";
        List<String> command = null;
        Node c = f.value("command");
        if (c instanceof ScalarNode && !NodeReader.isNull(c)) {
            r.record(path + ".command", c);
            r.problem(c, what + ": 'command' is an argument list (no shell), e.g. [\"/usr/bin/lb\", \"lb_s.json\"]");
        } else {
            command = r.textList(c, path + ".command", "command", false);
        }
        String workdir = r.text(f.value("workdir"), path + ".workdir", "workdir");
        Map<String, String> env = env(f.value("env"), path + ".env");
        List<Integer> cores = r.integerList(f.value("cores"), path + ".cores", "cores", true);
        List<String> after = r.textList(f.value("after"), path + ".after", "after", true);
        ReadinessProbe readiness = readiness(f.value("readiness"), path + ".readiness", what);
        Duration startTimeout = r.duration(f.value("start_timeout"), path + ".start_timeout", "start_timeout");
        String signal = signal(f.value("stop_signal"), path + ".stop_signal");
        Duration stopGrace = r.duration(f.value("stop_grace"), path + ".stop_grace", "stop_grace");
        Boolean crash = r.bool(f.value("crash_fails_run"), path + ".crash_fails_run", "crash_fails_run");
        return new ServiceSpec(name, command == null ? List.of() : List.copyOf(command), workdir, env,
                cores == null ? List.of() : List.copyOf(cores), after == null ? List.of() : List.copyOf(after),
                readiness, startTimeout != null ? startTimeout : ProfileDefaults.START_TIMEOUT,
                signal != null ? signal : ProfileDefaults.STOP_SIGNAL,
                stopGrace != null ? stopGrace : ProfileDefaults.STOP_GRACE, crash == null || crash);
    }

    private Map<String, String> env(Node n, String path) {
        if (n == null || NodeReader.isNull(n)) {
            return Map.of();
        }
        NodeReader.Fields f = r.fields(n, path, "env (variable → value)", null, "variable");
        if (f == null) {
            return Map.of();
        }
        java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
        for (String k : f.entries().keySet()) {
            String v = r.text(f.value(k), path + "." + k, "env " + k);
            out.put(k, v == null ? "" : v);
        }
        return Collections.unmodifiableMap(out);
    }

    private String signal(Node n, String path) {
        String s = r.text(n, path, "stop_signal");
        if (s == null) {
            return null;
        }
        String norm = s.toUpperCase(java.util.Locale.ROOT);
        norm = norm.startsWith("SIG") ? norm.substring(3) : norm;
        if (SIGNALS.contains(norm)) {
            return norm;
        }
        r.problem(n, "unknown stop_signal '" + s + "'" + KeySuggestion.hint(norm, SIGNALS)
                + "; expected one of: " + String.join(", ", SIGNALS));
        return null;
    }

    private ReadinessProbe readiness(Node n, String path, String service) {
        if (n == null || NodeReader.isNull(n)) {
            return null;
        }
        NodeReader.Fields all = r.fields(n, path, "readiness of " + service, null);
        if (all == null) {
            return null;
        }
        String what = "readiness of " + service;
        if (!all.has("kind")) {
            r.problem(all.node(), what + " is missing 'kind' (one of: " + String.join(", ", READINESS_KINDS) + ")");
            return null;
        }
        String kind = r.text(all.value("kind"), path + ".kind", "readiness kind");
        if (kind == null) {
            return null;
        }
        if (!READINESS.containsKey(kind)) {
            String hint = KeySuggestion.hint(kind, READINESS_KINDS);
            r.problem(all.value("kind"), "unknown readiness kind '" + kind + "'" + hint
                    + (hint.isEmpty() ? "; expected one of: " + String.join(", ", READINESS_KINDS) : ""));
            return null;
        }
        r.checkKeys(all, what + " (" + kind + ")", READINESS.get(kind));
        return switch (kind) {
            case "unix_socket" -> {
                String p = requiredText(all, "path", path, what);
                yield p == null ? null : new ReadinessProbe.UnixSocket(p);
            }
            case "file_exists" -> {
                String p = requiredText(all, "path", path, what);
                yield p == null ? null : new ReadinessProbe.FileExists(p);
            }
            case "log_line" -> {
                String p = requiredText(all, "pattern", path, what);
                yield p == null ? null : new ReadinessProbe.LogLine(p);
            }
            case "tcp_port" -> {
                Integer p = r.integer(all.value("port"), path + ".port", "readiness port");
                if (p == null) {
                    r.require(all, "port", what);
                }
                yield p == null ? null : new ReadinessProbe.TcpPort(p);
            }
            case "dpdk_link_up" -> {
                String prefix = requiredText(all, "file_prefix", path, what);
                Integer port = r.integer(all.value("port"), path + ".port", "DPDK port id");
                yield prefix == null ? null : new ReadinessProbe.DpdkLinkUp(prefix, port == null ? 0 : port);
            }
            case "delay" -> {
                Duration d = r.duration(all.value("duration"), path + ".duration", "readiness delay");
                if (d == null) {
                    r.require(all, "duration", what);
                }
                yield d == null ? null : new ReadinessProbe.Delay(d.toMillis());
            }
            default -> null;
        };
    }

    private String requiredText(NodeReader.Fields f, String key, String path, String what) {
        String v = r.text(f.value(key), path + "." + key, key);
        if (v == null) {
            r.require(f, key, what);
        }
        return v;
    }

    private List<LinkSpec> links(Node n) {
        List<LinkSpec> out = new ArrayList<>();
        List<Node> items = r.list(n, "links", "links");
        if (items == null) {
            return out;
        }
        for (int i = 0; i < items.size(); i++) {
            LinkSpec l = link(items.get(i), SourceMap.index("links", i), i);
            if (l != null) {
                out.add(l);
            }
        }
        return List.copyOf(out);
    }

    private LinkSpec link(Node n, String path, int i) {
        NodeReader.Fields all = r.fields(n, path, "a link", null);
        if (all == null) {
            return null;
        }
        String kind;
        if (all.has("kind")) {
            kind = r.oneOf(all.value("kind"), path + ".kind", "link kind", LINK_KINDS);
            if (kind == null) {
                return null;
            }
        } else if (all.entries().containsKey("a") || all.entries().containsKey("b")) {
            kind = "ethernet";
        } else if (all.entries().containsKey("master") || all.entries().containsKey("slave")) {
            kind = "memif";
        } else {
            r.problem(n, "link " + (i + 1) + " is missing 'kind' (ethernet or memif)");
            return null;
        }
        r.checkKeys(all, kind + " link", kind.equals("ethernet") ? ETHERNET : MEMIF);
        String name = r.text(all.value("name"), path + ".name", "link name");
        if (name == null) {
            name = kind + (i + 1);
        }
        String what = kind + " link '" + name + "'";
        if (kind.equals("ethernet")) {
            LinkSpec.Endpoint a = endpoint(all, "a", path, what);
            LinkSpec.Endpoint b = endpoint(all, "b", path, what);
            return a == null || b == null ? null : new LinkSpec.Ethernet(name, a, b);
        }
        String host = requiredText(all, "host", path, what);
        String master = requiredText(all, "master", path, what);
        String slave = requiredText(all, "slave", path, what);
        String socket = r.text(all.value("socket"), path + ".socket", "memif socket");
        if (host == null || master == null || slave == null) {
            return null;
        }
        return new LinkSpec.Memif(name, host, master, slave, socket);
    }

    private LinkSpec.Endpoint endpoint(NodeReader.Fields f, String key, String path, String what) {
        String text = requiredText(f, key, path, what);
        if (text == null) {
            return null;
        }
        LinkSpec.Endpoint e = parseEndpoint(text);
        if (e == null) {
            r.problem(f.value(key), what + ": '" + key + "' must be HOST:INTERFACE or HOST:INTERFACE/ADDRESS, got \""
                    + text + "\"");
        }
        return e;
    }

    /** {@code host:iface} or {@code host:iface/10.0.0.1/24}; null when not of that shape. */
    static LinkSpec.Endpoint parseEndpoint(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String host = text.substring(0, colon).trim();
        String rest = text.substring(colon + 1).trim();
        int slash = rest.indexOf('/');
        String iface = slash < 0 ? rest : rest.substring(0, slash);
        String address = slash < 0 ? null : rest.substring(slash + 1);
        if (host.isEmpty() || iface.isEmpty() || (address != null && address.isEmpty())) {
            return null;
        }
        return new LinkSpec.Endpoint(host, iface, address);
    }

    static String formatEndpoint(LinkSpec.Endpoint e) {
        return e.host() + ":" + e.interfaceName() + (e.address() == null ? "" : "/" + e.address());
    }

    private List<XdpSpec> xdp(Node n) {
        List<XdpSpec> out = new ArrayList<>();
        List<Node> items = r.list(n, "xdp", "xdp");
        if (items == null) {
            return out;
        }
        for (int i = 0; i < items.size(); i++) {
            String path = SourceMap.index("xdp", i);
            NodeReader.Fields f = r.fields(items.get(i), path, "an xdp attachment", XDP);
            if (f == null) {
                continue;
            }
            String what = "xdp attachment " + (i + 1);
            String host = requiredText(f, "host", path, what);
            String iface = requiredText(f, "interface", path, what);
            String object = r.text(f.value("object"), path + ".object", "xdp object");
            String program = r.text(f.value("program"), path + ".program", "xdp program");
            String mode = r.oneOf(f.value("mode"), path + ".mode", "xdp mode", XDP_MODES);
            Boolean allowGeneric = r.bool(f.value("allow_generic"), path + ".allow_generic", "allow_generic");
            String action = r.oneOf(f.value("action"), path + ".action", "xdp action", XDP_ACTIONS);
            if (host != null && iface != null) {
                out.add(new XdpSpec(host, iface, object != null ? object : ProfileDefaults.BUILTIN_XDP_OBJECT, program,
                        mode != null ? mode : "native", allowGeneric != null && allowGeneric,
                        action != null ? action : "pass"));
            }
        }
        return List.copyOf(out);
    }

    private TrafficSpec traffic(Node n, List<HostSpec> hosts) {
        if (n == null || NodeReader.isNull(n)) {
            return null;
        }
        NodeReader.Fields f = r.fields(n, "traffic", "traffic", TRAFFIC);
        if (f == null) {
            return null;
        }
        String source = r.text(f.value("source"), "traffic.source", "traffic source host");
        String sink = r.text(f.value("sink"), "traffic.sink", "traffic sink host");
        if (source == null) {
            source = hostWithRole(hosts, "src", f, "source");
        }
        if (sink == null) {
            sink = hostWithRole(hosts, "dst", f, "sink");
        }
        String destination = r.text(f.value("destination"), "traffic.destination", "traffic destination");
        if (destination == null && sink != null) {
            String s = sink;
            destination = hosts.stream().filter(h -> h.name().equals(s)).findFirst()
                    .map(h -> h.transport() == HostSpec.Transport.LOCAL ? "127.0.0.1" : h.address()).orElse(null);
        }
        Integer flows = r.integer(f.value("flows"), "traffic.flows", "flows");
        List<Integer> ports = r.integerList(f.value("ports"), "traffic.ports", "ports", false);
        if (ports == null || ports.isEmpty()) {
            int count = flows != null && flows > 0 ? flows : 1;
            ports = new ArrayList<>();
            for (int i = 0; i < count && i < 65536; i++) {
                ports.add(ProfileDefaults.FIRST_TRAFFIC_PORT + i);
            }
        }
        if (flows == null) {
            flows = ports.size();
        }
        Long pps = r.whole(f.value("rate_pps"), "traffic.rate_pps", "rate_pps");
        Integer size = r.integer(f.value("packet_size"), "traffic.packet_size", "packet_size");
        Duration duration = r.duration(f.value("duration"), "traffic.duration", "traffic duration");
        Duration warmup = r.duration(f.value("warmup"), "traffic.warmup", "warmup");
        Duration cooldown = r.duration(f.value("cooldown"), "traffic.cooldown", "cooldown");
        return new TrafficSpec(source, sink, destination, flows, List.copyOf(ports),
                pps != null ? pps : ProfileDefaults.RATE_PPS, size != null ? size : ProfileDefaults.PACKET_SIZE,
                duration != null ? duration : ProfileDefaults.DURATION, warmup != null ? warmup : Duration.ZERO,
                cooldown != null ? cooldown : Duration.ZERO);
    }

    private String hostWithRole(List<HostSpec> hosts, String role, NodeReader.Fields f, String key) {
        List<HostSpec> withRole = hosts.stream().filter(h -> h.roles().contains(role)).toList();
        if (withRole.size() == 1) {
            return withRole.getFirst().name();
        }
        if (withRole.isEmpty() && hosts.size() == 1) {
            return hosts.getFirst().name();
        }
        if (!hosts.isEmpty()) {
            r.problem(f.node(), "traffic has no '" + key + "' and " + (withRole.isEmpty()
                    ? "no host has role " + role : withRole.size() + " hosts have role " + role)
                    + ": name the " + key + " host");
        }
        return null;
    }

    private MonitoringSpec monitoring(Node n, boolean hasXdp, boolean hasServices) {
        List<String> defaults = new ArrayList<>(List.of("cpu", "memory", "network"));
        if (hasXdp) {
            defaults.add("xdp");
        }
        if (hasServices) {
            defaults.add("dpdk");
        }
        if (n == null || NodeReader.isNull(n)) {
            return new MonitoringSpec(ProfileDefaults.SAMPLE_INTERVAL, List.copyOf(defaults));
        }
        NodeReader.Fields f = r.fields(n, "monitoring", "monitoring", MONITORING);
        if (f == null) {
            return new MonitoringSpec(ProfileDefaults.SAMPLE_INTERVAL, List.copyOf(defaults));
        }
        Duration interval = r.duration(f.value("sample_interval"), "monitoring.sample_interval", "sample_interval");
        List<String> metrics = r.words(f.value("metrics"), "monitoring.metrics", "metric", METRICS);
        return new MonitoringSpec(interval != null ? interval : ProfileDefaults.SAMPLE_INTERVAL,
                metrics != null ? metrics : List.copyOf(defaults));
    }

    private ResultsSpec results(Node n) {
        ResultsSpec d = new ResultsSpec(List.of("json", "csv", "html", "junit"), true, "runs");
        if (n == null || NodeReader.isNull(n)) {
            return d;
        }
        NodeReader.Fields f = r.fields(n, "results", "results", RESULTS);
        if (f == null) {
            return d;
        }
        List<String> formats = r.words(f.value("formats"), "results.formats", "result format", FORMATS);
        Boolean realTime = r.bool(f.value("real_time"), "results.real_time", "real_time");
        String dir = r.text(f.value("directory"), "results.directory", "results directory");
        return new ResultsSpec(formats != null ? formats : d.formats(), realTime != null ? realTime : d.realTime(),
                dir != null ? dir : d.directory());
    }

    private List<Threshold> thresholds(Node n) {
        List<Threshold> out = new ArrayList<>();
        List<Node> items = r.list(n, "thresholds", "thresholds");
        if (items == null) {
            return out;
        }
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String path = SourceMap.index("thresholds", i);
            if (item instanceof ScalarNode && !NodeReader.isNull(item)) {
                String text = r.text(item, path, "threshold");
                if (text == null) {
                    continue;
                }
                Threshold t = ThresholdExpression.parse(text);
                if (t == null) {
                    r.problem(item, "bad threshold \"" + text + "\": expected METRIC OP NUMBER with OP one of"
                            + " <, <=, >, >=, ==, e.g. \"traffic.loss_percent <= 0.1\"");
                } else {
                    out.add(t);
                }
                continue;
            }
            NodeReader.Fields f = r.fields(item, path, "a threshold", THRESHOLD);
            if (f == null) {
                continue;
            }
            String metric = requiredText(f, "metric", path, "threshold " + (i + 1));
            String opText = requiredText(f, "op", path, "threshold " + (i + 1));
            Double value = r.number(f.value("value"), path + ".value", "threshold value");
            if (value == null) {
                r.require(f, "value", "threshold " + (i + 1));
            }
            Threshold.Comparison op = opText == null ? null : ThresholdExpression.comparison(opText);
            if (opText != null && op == null) {
                r.problem(f.value("op"), "bad threshold operator '" + opText + "': expected <, <=, >, >= or ==");
            }
            if (metric != null && op != null && value != null) {
                out.add(new Threshold(metric, op, value));
            }
        }
        return List.copyOf(out);
    }

    private BaselineSpec baseline(Node n) {
        if (n == null || NodeReader.isNull(n)) {
            return null;
        }
        NodeReader.Fields f = r.fields(n, "baseline", "baseline", BASELINE);
        if (f == null) {
            return null;
        }
        Node kindNode = f.value("kind");
        String kind = kindNode instanceof ScalarNode s && s.getValue().equals("without_xdp")
                ? "without-xdp" : r.oneOf(kindNode, "baseline.kind", "baseline kind", BASELINE_KINDS);
        if (kind == null) {
            if (kindNode == null) {
                r.require(f, "kind", "baseline");
            }
            return null;
        }
        String run = r.text(f.value("run"), "baseline.run", "baseline run");
        return new BaselineSpec(kind, run);
    }

    static Set<String> ordered(String... words) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(words)));
    }
}
