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

    /** The top-level keys, in order. */
    static final List<String> TOP = ProfileDefinition.keys(Profile.class);
    static final List<String> POSITION = List.of("x", "y");
    /** The keys of each readiness kind (a probe's fields are those of its protocol record). */
    static final Map<ReadinessKind, List<String>> READINESS = Map.of(
            ReadinessKind.UNIX_SOCKET, List.of("kind", "path"),
            ReadinessKind.TCP_PORT, List.of("kind", "port"),
            ReadinessKind.LOG_LINE, List.of("kind", "pattern"),
            ReadinessKind.DPDK_LINK_UP, List.of("kind", "file_prefix", "port"),
            ReadinessKind.FILE_EXISTS, List.of("kind", "path"),
            ReadinessKind.DELAY, List.of("kind", "duration"));
    static final List<String> ETHERNET = List.of("name", "kind", "a", "b");
    static final List<String> MEMIF = List.of("name", "kind", "host", "master", "slave", "socket");
    static final List<String> THRESHOLD = List.of("metric", "op", "value");

    private final NodeReader r;
    /** The sweep that lists in traffic ({@code rate_pps: [10k, 100k]}) make, and the first such list; null without. */
    private SweepSpec trafficSweep;
    private Node trafficList;

    LabDeckFormReader(NodeReader reader) {
        this.r = reader;
    }

    Profile read(NodeReader.Fields top, Path source, String fallbackName) {
        String name = r.text(top.value("name"), "name", ProfileDefinition.field(Profile.class, "name").what());
        if (name == null || name.isBlank()) {
            name = fallbackName;
        }
        String description = r.text(top.value("description"), "description",
                ProfileDefinition.field(Profile.class, "description").what());
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
        MeasureSpec measure = section(top.value("measure"), "measure", MeasureSpec.class);
        HttpLoadSpec http = section(top.value("http"), "http", HttpLoadSpec.class);
        SweepSpec sweep = section(top.value("sweep"), "sweep", SweepSpec.class);
        SearchSpec search = section(top.value("search"), "search", SearchSpec.class);
        if (trafficSweep != null) {
            if (sweep != null) {
                r.problem(trafficList, "traffic lists values to sweep over and the profile has a sweep section too:"
                        + " give the rates and sizes in one place");
            } else if (search != null) {
                r.problem(trafficList, "a search finds the rate itself: give traffic one rate_pps, and the sizes to search"
                        + " as search.packet_size");
            } else {
                sweep = trafficSweep;
            }
        }
        return new Profile(name, description, source, ProfileForm.LABDECK, agent, hosts, links, xdp, traffic,
                monitoring, results, thresholds, baseline, measure, http, sweep, search);
    }

    private AgentSettings agent(Node n) {
        if (n == null || NodeReader.isNull(n)) {
            return AgentSettings.defaults();
        }
        NodeReader.Fields f = r.fields(n, "agent", "agent", ProfileDefinition.keys(AgentSettings.class));
        if (f == null) {
            return AgentSettings.defaults();
        }
        return ProfileDefinition.build(AgentSettings.class, r.defined(AgentSettings.class, f, "agent"));
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
        NodeReader.Fields f = NodeReader.isNull(n) ? null : r.fields(n, path, what, ProfileDefinition.keys(HostSpec.class));
        Map<String, Object> v = new java.util.HashMap<>();
        v.put("name", name);
        if (f == null) {
            if (NodeReader.isNull(n)) {
                r.problem(n, what + " has no settings: give at least 'address' or 'transport: local'");
            }
            v.put("address", "127.0.0.1");
            v.put("transport", HostSpec.Transport.LOCAL);
            return ProfileDefinition.build(HostSpec.class, v);
        }
        v.putAll(r.defined(HostSpec.class, f, what));
        String address = (String) v.get("address");
        if (v.get("transport") == null) {
            // an explicit transport that was not understood has been reported; otherwise it follows the address
            v.put("transport", address == null ? HostSpec.Transport.LOCAL : HostSpec.Transport.SSH);
        } else if (v.get("transport") == HostSpec.Transport.SSH && address == null) {
            r.problem(f.node(), what + " uses ssh but has no 'address'");
        }
        if (address == null) {
            v.put("address", "127.0.0.1");
        }
        v.put("position", position(f.value("position"), path + ".position"));
        v.put("services", services(f.value("services"), path + ".services", name));
        return ProfileDefinition.build(HostSpec.class, v);
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
        NodeReader.Fields f = r.fields(n, path, "a service of host '" + host + "'",
                ProfileDefinition.keys(ServiceSpec.class));
        if (f == null) {
            return null;
        }
        Map<String, Object> v = r.defined(ServiceSpec.class, f, "service " + (index + 1) + " of host '" + host + "'");
        String name = (String) v.get("name");
        if (name == null) {
            name = "service" + (index + 1);
            v.put("name", name);
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
        v.put("command", command == null ? List.of() : List.copyOf(command));
        v.put("env", env(f.value("env"), path + ".env"));
        v.put("readiness", readiness(f.value("readiness"), path + ".readiness", what));
        v.put("figures", figures(f.value("figures"), path + ".figures", what));
        v.put("stop_input", stopInput(f.value("stop_input"), path + ".stop_input", what));
        v.put("dpdk", dpdk(f.value("dpdk"), path + ".dpdk", what));
        return ProfileDefinition.build(ServiceSpec.class, v);
    }

    private DpdkProcess dpdk(Node n, String path, String service) {
        if (n == null || NodeReader.isNull(n)) {
            return null;
        }
        NodeReader.Fields f = r.fields(n, path, "dpdk of " + service, ProfileDefinition.keys(DpdkProcess.class));
        return f == null ? null : ProfileDefinition.build(DpdkProcess.class, r.defined(DpdkProcess.class, f, "dpdk of " + service));
    }

    private ServiceStopInput stopInput(Node n, String path, String service) {
        if (n == null || NodeReader.isNull(n)) {
            return null;
        }
        NodeReader.Fields f = r.fields(n, path, "stop_input of " + service, ProfileDefinition.keys(ServiceStopInput.class));
        return f == null ? null : ProfileDefinition.build(ServiceStopInput.class,
                r.defined(ServiceStopInput.class, f, "stop_input of " + service));
    }

    private List<ServiceFigure> figures(Node n, String path, String service) {
        List<ServiceFigure> out = new ArrayList<>();
        List<Node> items = r.list(n, path, "figures of " + service);
        if (items == null) {
            return out;
        }
        for (int i = 0; i < items.size(); i++) {
            String at = SourceMap.index(path, i);
            NodeReader.Fields f = r.fields(items.get(i), at, "a figure of " + service, ProfileDefinition.keys(ServiceFigure.class));
            if (f == null) {
                continue;
            }
            Map<String, Object> v = r.defined(ServiceFigure.class, f, "figure " + (i + 1) + " of " + service);
            if (v.get("name") != null) {
                out.add(ProfileDefinition.build(ServiceFigure.class, v));
            }
        }
        return List.copyOf(out);
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
            r.problem(all.node(), what + " is missing 'kind' (one of: "
                    + String.join(", ", ProfileWord.words(ReadinessKind.class)) + ")");
            return null;
        }
        ReadinessKind kind = r.word(all.value("kind"), path + ".kind", "readiness kind", ReadinessKind.class);
        if (kind == null) {
            return null;
        }
        r.checkKeys(all, what + " (" + kind + ")", READINESS.get(kind));
        return switch (kind) {
            case UNIX_SOCKET -> {
                String p = requiredText(all, "path", path, what);
                yield p == null ? null : new ReadinessProbe.UnixSocket(p);
            }
            case FILE_EXISTS -> {
                String p = requiredText(all, "path", path, what);
                yield p == null ? null : new ReadinessProbe.FileExists(p);
            }
            case LOG_LINE -> {
                String p = requiredText(all, "pattern", path, what);
                yield p == null ? null : new ReadinessProbe.LogLine(p);
            }
            case TCP_PORT -> {
                Integer p = r.integer(all.value("port"), path + ".port", "readiness port");
                if (p == null) {
                    r.require(all, "port", what);
                }
                yield p == null ? null : new ReadinessProbe.TcpPort(p);
            }
            case DPDK_LINK_UP -> {
                String prefix = requiredText(all, "file_prefix", path, what);
                Integer port = r.integer(all.value("port"), path + ".port", "DPDK port id");
                yield prefix == null ? null : new ReadinessProbe.DpdkLinkUp(prefix, port == null ? 0 : port);
            }
            case DELAY -> {
                Duration d = r.duration(all.value("duration"), path + ".duration", "readiness delay");
                if (d == null) {
                    r.require(all, "duration", what);
                }
                yield d == null ? null : new ReadinessProbe.Delay(d.toMillis());
            }
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
        LinkKind linkKind;
        if (all.has("kind")) {
            linkKind = r.word(all.value("kind"), path + ".kind", "link kind", LinkKind.class);
            if (linkKind == null) {
                return null;
            }
        } else if (all.entries().containsKey("a") || all.entries().containsKey("b")) {
            linkKind = LinkKind.ETHERNET;
        } else if (all.entries().containsKey("master") || all.entries().containsKey("slave")) {
            linkKind = LinkKind.MEMIF;
        } else {
            r.problem(n, "link " + (i + 1) + " is missing 'kind' (ethernet or memif)");
            return null;
        }
        String kind = linkKind.word();
        r.checkKeys(all, kind + " link", linkKind == LinkKind.ETHERNET ? ETHERNET : MEMIF);
        String name = r.text(all.value("name"), path + ".name", "link name");
        if (name == null) {
            name = kind + (i + 1);
        }
        String what = kind + " link '" + name + "'";
        if (linkKind == LinkKind.ETHERNET) {
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
            NodeReader.Fields f = r.fields(items.get(i), path, "an xdp attachment", ProfileDefinition.keys(XdpSpec.class));
            if (f == null) {
                continue;
            }
            Map<String, Object> v = r.defined(XdpSpec.class, f, "xdp attachment " + (i + 1));
            if (v.get("host") != null && v.get("interface") != null) {
                out.add(ProfileDefinition.build(XdpSpec.class, v));
            }
        }
        return List.copyOf(out);
    }

    private TrafficSpec traffic(Node n, List<HostSpec> hosts) {
        if (n == null || NodeReader.isNull(n)) {
            return null;
        }
        NodeReader.Fields f = r.fields(n, "traffic", "traffic", ProfileDefinition.keys(TrafficSpec.class));
        if (f == null) {
            return null;
        }
        Map<String, List<Integer>> listed = sweptLists(f);
        Map<String, Object> v = r.defined(TrafficSpec.class, f, "traffic");
        listed.forEach((key, items) -> {
            if (!items.isEmpty()) {
                Class<?> t = ProfileDefinition.field(TrafficSpec.class, key).component().getType();
                v.put(key, t == long.class ? (Object) items.getFirst().longValue() : items.getFirst());
            }
        });
        // the defaults that depend on other keys, applied here once (the run uses what it is given)
        String sink = (String) v.get("sink");
        if (v.get("source") == null) {
            v.put("source", hostWithRole(hosts, "src", f, "source"));
        }
        if (sink == null) {
            sink = hostWithRole(hosts, "dst", f, "sink");
            v.put("sink", sink);
        }
        if (v.get("destination") == null && sink != null) {
            String s = sink;
            v.put("destination", hosts.stream().filter(h -> h.name().equals(s)).findFirst()
                    .map(h -> h.transport() == HostSpec.Transport.LOCAL ? "127.0.0.1" : h.address()).orElse(null));
        }
        Integer flows = (Integer) v.get("flows");
        @SuppressWarnings("unchecked")
        List<Integer> ports = (List<Integer>) v.get("ports");
        if (ports == null || ports.isEmpty()) {
            ports = defaultPorts(flows);
        }
        v.put("ports", List.copyOf(ports));
        if (flows == null) {
            v.put("flows", ports.size());
        }
        v.put("per_flow", perFlow(f.value("per_flow")));
        return ProfileDefinition.build(TrafficSpec.class, v);
    }

    private List<FlowSpec> perFlow(Node n) {
        List<FlowSpec> out = new ArrayList<>();
        List<Node> items = r.list(n, "traffic.per_flow", "per_flow");
        if (items == null) {
            return out;
        }
        for (int i = 0; i < items.size(); i++) {
            String path = SourceMap.index("traffic.per_flow", i);
            NodeReader.Fields f = r.fields(items.get(i), path, "a flow's settings", ProfileDefinition.keys(FlowSpec.class));
            if (f == null) {
                continue;
            }
            out.add(ProfileDefinition.build(FlowSpec.class, r.defined(FlowSpec.class, f, "flow " + (i + 1))));
        }
        return List.copyOf(out);
    }

    /**
     * The traffic keys given as lists ({@code rate_pps: [10k, 100k, 1M]}, {@code packet_size: [64, 1518]}):
     * read here (each item with its line and column), taken out of {@code f} and kept as the sweep
     * they mean, every combination once. Their items' positions are those of {@code sweep.<key>[i]},
     * labelled {@code traffic.<key>}, so the validator's range checks point at them.
     */
    private Map<String, List<Integer>> sweptLists(NodeReader.Fields f) {
        Map<String, List<Integer>> out = new java.util.LinkedHashMap<>();
        for (ProfileDefinition.Field d : ProfileDefinition.fields(TrafficSpec.class)) {
            Node n = f.value(d.key());
            if (!d.def().sweeps() || !(n instanceof org.yaml.snakeyaml.nodes.SequenceNode)) {
                continue;
            }
            String label = f.at(d.key());
            String path = SourceMap.child("sweep", d.key());
            r.positions.label(path, label);
            f.entries().remove(d.key());
            List<Node> nodes = ((org.yaml.snakeyaml.nodes.SequenceNode) n).getValue();
            if (nodes.isEmpty()) {
                r.problem(n, label + " is an empty list: give one value, or several to measure each");
            }
            r.record(path, n);
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                Node item = nodes.get(i);
                if (NodeReader.isNull(item)) {
                    r.problem(item, "empty item in " + label);
                    continue;
                }
                String what = "an item of " + label;
                Long v = d.def().siSuffix() ? r.siWhole(item, SourceMap.index(label, i), what) : r.whole(item, SourceMap.index(label, i), what);
                if (v != null && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                    // the k-th value kept is at sweep.<key>[k], where the validator looks for it
                    r.record(SourceMap.index(path, items.size()), item);
                    items.add(v.intValue());
                } else if (v != null) {
                    r.problem(item, what + " " + v + " is too large");
                }
            }
            if (trafficList == null) {
                trafficList = n;
            }
            out.put(d.key(), List.copyOf(items));
        }
        out.values().removeIf(List::isEmpty); // reported above
        if (!out.isEmpty()) {
            r.record("sweep", f.node());
            trafficSweep = new SweepSpec(out.get("rate_pps"), out.get("packet_size"), null, null, 5, SweepScale.LINEAR);
        }
        return out;
    }

    /** {@value ProfileDefaults#FIRST_TRAFFIC_PORT} onwards, one port per flow (one flow when not given). */
    static List<Integer> defaultPorts(Integer flows) {
        int count = flows != null && flows > 0 ? Math.min(flows, dev.labdeck.protocol.AgentLimits.MAX_FLOWS) : 1;
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < count && ProfileDefaults.FIRST_TRAFFIC_PORT + i <= dev.labdeck.protocol.AgentLimits.MAX_PORT; i++) {
            ports.add(ProfileDefaults.FIRST_TRAFFIC_PORT + i);
        }
        return ports;
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

    /** The metrics sampled when the profile does not say: cpu, memory, network, and xdp and dpdk where used. */
    static List<MetricGroup> defaultMetrics(boolean hasXdp, boolean hasServices) {
        List<MetricGroup> defaults = new ArrayList<>(List.of(MetricGroup.CPU, MetricGroup.MEMORY, MetricGroup.NETWORK));
        if (hasXdp) {
            defaults.add(MetricGroup.XDP);
        }
        if (hasServices) {
            defaults.add(MetricGroup.DPDK);
        }
        return List.copyOf(defaults);
    }

    private MonitoringSpec monitoring(Node n, boolean hasXdp, boolean hasServices) {
        Map<String, Object> v = new java.util.HashMap<>();
        if (n != null && !NodeReader.isNull(n)) {
            NodeReader.Fields f = r.fields(n, "monitoring", "monitoring", ProfileDefinition.keys(MonitoringSpec.class));
            if (f != null) {
                v.putAll(r.defined(MonitoringSpec.class, f, "monitoring"));
            }
        }
        v.putIfAbsent("metrics", defaultMetrics(hasXdp, hasServices));
        return ProfileDefinition.build(MonitoringSpec.class, v);
    }

    private ResultsSpec results(Node n) {
        if (n == null || NodeReader.isNull(n)) {
            return ProfileDefinition.build(ResultsSpec.class, Map.of());
        }
        NodeReader.Fields f = r.fields(n, "results", "results", ProfileDefinition.keys(ResultsSpec.class));
        return ProfileDefinition.build(ResultsSpec.class, f == null ? Map.of() : r.defined(ResultsSpec.class, f, "results"));
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

    /** A top-level section read entirely from its definition; null when left out or broken (the problem is reported). */
    private <R extends Record> R section(Node n, String key, Class<R> type) {
        if (n == null || NodeReader.isNull(n)) {
            return null;
        }
        NodeReader.Fields f = r.fields(n, key, key, ProfileDefinition.keys(type));
        if (f == null) {
            return null;
        }
        Map<String, Object> v = r.defined(type, f, key);
        try {
            return ProfileDefinition.build(type, v);
        } catch (RuntimeException e) {
            // a required key was missing: already reported with its line and column
            return null;
        }
    }

    private BaselineSpec baseline(Node n) {
        if (n == null || NodeReader.isNull(n)) {
            return null;
        }
        NodeReader.Fields f = r.fields(n, "baseline", "baseline", ProfileDefinition.keys(BaselineSpec.class));
        if (f == null) {
            return null;
        }
        Map<String, Object> v = r.defined(BaselineSpec.class, f, "baseline");
        return v.get("kind") == null ? null : ProfileDefinition.build(BaselineSpec.class, v);
    }
}
