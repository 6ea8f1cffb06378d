package dev.labdeck.controller.profile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the seed document's {@code config.yaml} exactly as written there (test_config,
 * network_config, monitoring_config, results_config) and maps it onto the model: two SSH hosts
 * {@code src_machine} (role src) and {@code dst_machine} (role dst), traffic from the first to the
 * second's ip on its traffic_ports, the agent on control_port, and the {@code xdp} metric as
 * LabDeck's builtin counting program (action pass) on dst_machine's interface. Positions are
 * recorded under the model's paths, so the validator points at the seed's own keys.
 */
final class SeedFormReader {

    static final List<String> TOP = List.of("test_config", "network_config", "monitoring_config", "results_config");
    static final List<String> TEST = List.of("duration", "packet_rate", "packet_size", "flows");
    static final List<String> NETWORK = List.of("src_machine", "dst_machine");
    static final List<String> SRC = List.of("ip", "control_port");
    static final List<String> DST = List.of("ip", "interface", "traffic_ports");
    static final List<String> MONITORING = List.of("sample_rate", "metrics");
    static final List<String> RESULTS = List.of("format", "real_time");

    static final String SRC_HOST = "src_machine";
    static final String DST_HOST = "dst_machine";

    private final NodeReader r;

    SeedFormReader(NodeReader reader) {
        this.r = reader;
        // the validator names values by the seed's keys
        SourceMap m = reader.positions;
        m.label("agent.port", "network_config.src_machine.control_port");
        m.label("traffic.duration", "test_config.duration");
        m.label("traffic.rate_pps", "test_config.packet_rate");
        m.label("traffic.packet_size", "test_config.packet_size");
        m.label("traffic.flows", "test_config.flows");
        m.label("traffic.ports", "network_config.dst_machine.traffic_ports");
        m.label("traffic.destination", "network_config.dst_machine.ip");
        m.label("monitoring.sample_interval", "monitoring_config.sample_rate");
    }

    Profile read(NodeReader.Fields top, Path source, String fallbackName) {
        // test_config
        Long pps = null;
        Integer size = null;
        Integer flows = null;
        Duration duration = null;
        NodeReader.Fields test = section(top, "test_config", TEST, "traffic");
        if (test != null) {
            duration = (Duration) seed(test, "duration", TrafficSpec.class, "duration");
            pps = (Long) seed(test, "packet_rate", TrafficSpec.class, "rate_pps");
            size = (Integer) seed(test, "packet_size", TrafficSpec.class, "packet_size");
            flows = (Integer) seed(test, "flows", TrafficSpec.class, "flows");
        }

        // network_config
        String srcIp = null;
        String dstIp = null;
        String dstInterface = null;
        Integer controlPort = null;
        List<Integer> ports = null;
        NodeReader.Fields net = section(top, "network_config", NETWORK, "hosts");
        if (net != null) {
            Node srcNode = net.value("src_machine");
            Node dstNode = net.value("dst_machine");
            if (srcNode == null) {
                r.problem(net.node(), "network_config is missing 'src_machine'");
            } else {
                r.record("hosts." + SRC_HOST, net.key("src_machine"));
                NodeReader.Fields src = r.fields(srcNode, "hosts." + SRC_HOST, "network_config.src_machine", SRC);
                if (src != null) {
                    srcIp = (String) r.value(ProfileDefinition.field(HostSpec.class, "address"), src.value("ip"),
                            "hosts." + SRC_HOST + ".address", "src_machine.ip");
                    if (srcIp == null) {
                        r.require(src, "ip", "network_config.src_machine");
                    }
                    controlPort = (Integer) r.value(ProfileDefinition.field(AgentSettings.class, "port"),
                            src.value("control_port"), "agent.port", "control_port");
                }
            }
            if (dstNode == null) {
                r.problem(net.node(), "network_config is missing 'dst_machine'");
            } else {
                r.record("hosts." + DST_HOST, net.key("dst_machine"));
                NodeReader.Fields dst = r.fields(dstNode, "hosts." + DST_HOST, "network_config.dst_machine", DST);
                if (dst != null) {
                    dstIp = (String) r.value(ProfileDefinition.field(HostSpec.class, "address"), dst.value("ip"),
                            "hosts." + DST_HOST + ".address", "dst_machine.ip");
                    if (dstIp == null) {
                        r.require(dst, "ip", "network_config.dst_machine");
                    }
                    r.record("traffic.destination", dst.value("ip") != null ? dst.value("ip") : dst.node());
                    dstInterface = (String) r.value(ProfileDefinition.field(XdpSpec.class, "interface"),
                            dst.value("interface"), "xdp[0].interface", "dst_machine.interface");
                    @SuppressWarnings("unchecked")
                    List<Integer> given = (List<Integer>) r.value(ProfileDefinition.field(TrafficSpec.class, "ports"),
                            dst.value("traffic_ports"), "traffic.ports", "traffic_ports");
                    ports = given;
                }
            }
        }

        // monitoring_config
        Duration interval = null;
        List<MetricGroup> metrics = null;
        Node metricsNode = null;
        NodeReader.Fields mon = section(top, "monitoring_config", MONITORING, "monitoring");
        if (mon != null) {
            interval = (Duration) r.value(ProfileDefinition.field(MonitoringSpec.class, "sample_interval"),
                    mon.value("sample_rate"), "monitoring.sample_interval", "monitoring_config.sample_rate (seconds)");
            metricsNode = mon.value("metrics");
            @SuppressWarnings("unchecked")
            List<MetricGroup> given = (List<MetricGroup>) seed(mon, "metrics", MonitoringSpec.class, "metrics");
            metrics = given;
        }

        // results_config
        List<ResultFormat> formats = null;
        Boolean realTime = null;
        NodeReader.Fields res = section(top, "results_config", RESULTS, "results");
        if (res != null) {
            @SuppressWarnings("unchecked")
            List<ResultFormat> given = (List<ResultFormat>) r.value(ProfileDefinition.field(ResultsSpec.class, "formats"),
                    res.value("format"), "results.formats", "result format");
            formats = given;
            realTime = (Boolean) seed(res, "real_time", ResultsSpec.class, "real_time");
        }

        List<HostSpec> hosts = List.of(
                host(SRC_HOST, srcIp, "src"),
                host(DST_HOST, dstIp, "dst"));
        if (ports == null || ports.isEmpty()) {
            ports = LabDeckFormReader.defaultPorts(flows);
        }
        // Without dst_machine.ip a problem has been reported already; the placeholder keeps the model whole.
        Map<String, Object> t = new HashMap<>();
        t.put("source", SRC_HOST);
        t.put("sink", DST_HOST);
        t.put("destination", dstIp != null ? dstIp : "127.0.0.1");
        t.put("flows", flows != null ? flows : ports.size());
        t.put("ports", List.copyOf(ports));
        t.put("rate_pps", pps);
        t.put("packet_size", size);
        t.put("duration", duration);
        TrafficSpec traffic = ProfileDefinition.build(TrafficSpec.class, t);

        List<XdpSpec> xdp = List.of();
        if (metrics != null && metrics.contains(MetricGroup.XDP)) {
            if (dstInterface == null) {
                if (net != null) {
                    r.problem(metricsNode, "metric 'xdp' needs network_config.dst_machine.interface: the interface"
                            + " the XDP program attaches to");
                }
            } else {
                xdp = List.of(new XdpSpec(DST_HOST, dstInterface, ProfileDefaults.BUILTIN_XDP_OBJECT, null, XdpMode.NATIVE,
                        false, XdpAction.PASS));
            }
        }
        Map<String, Object> m = new HashMap<>();
        m.put("sample_interval", interval);
        m.put("metrics", metrics != null ? metrics : LabDeckFormReader.defaultMetrics(false, false));
        MonitoringSpec monitoring = ProfileDefinition.build(MonitoringSpec.class, m);
        ResultsSpec results = new ResultsSpec(formats != null ? formats : List.of(ResultFormat.JSON, ResultFormat.CSV),
                realTime == null || realTime, "runs");
        AgentSettings d = AgentSettings.defaults();
        AgentSettings agent = new AgentSettings(controlPort != null ? controlPort : d.port(), d.bind(),
                d.heartbeatTimeout(), d.acceptNewHostKeys());
        return new Profile(fallbackName, "The seed's two-machine test (config.yaml form)", source,
                ProfileForm.SEED_CONFIG, agent, hosts, List.of(), xdp, traffic, monitoring, results, List.of(), null);
    }

    private static HostSpec host(String name, String ip, String role) {
        Map<String, Object> h = new HashMap<>();
        h.put("name", name);
        h.put("address", ip != null ? ip : "127.0.0.1");
        h.put("transport", HostSpec.Transport.SSH);
        h.put("roles", Set.of(role));
        return ProfileDefinition.build(HostSpec.class, h);
    }

    /**
     * The seed key {@code seedKey} of {@code section}, read as the LabDeck key it stands for
     * ({@code key} of {@code type}: same type, same bounds later in the validator), named in
     * messages as the seed writes it ({@code test_config.packet_rate}).
     */
    private Object seed(NodeReader.Fields section, String seedKey, Class<? extends Record> type, String key) {
        String modelPath = MODEL_SECTION.get(type) + "." + key;
        ProfileDefinition.Field f = ProfileDefinition.field(type, key);
        String what = f.shape() == ProfileDefinition.Shape.WORD_LIST ? f.what() : section.path() + "." + seedKey;
        return r.value(f, section.value(seedKey), modelPath, what);
    }

    private static final java.util.Map<Class<?>, String> MODEL_SECTION = java.util.Map.of(
            TrafficSpec.class, "traffic", MonitoringSpec.class, "monitoring", ResultsSpec.class, "results");

    private NodeReader.Fields section(NodeReader.Fields top, String key, List<String> known, String modelPath) {
        Node n = top.value(key);
        if (n == null || NodeReader.isNull(n)) {
            if ((key.equals("test_config") || key.equals("network_config")) && !top.suggested().contains(key)) {
                r.problem(n != null ? n : top.node(), n != null ? "'" + key + "' has no value"
                        : "the config is missing '" + key + "'");
            }
            return null;
        }
        r.record(modelPath, top.key(key));
        return r.fields(n, key, key, known);
    }
}
