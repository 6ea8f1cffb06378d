package dev.labdeck.controller.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.protocol.ReadinessProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Both forms read into the model as a user would expect, defaults included. */
class ProfileLoaderTest {

    /** The seed document's config.yaml, character for character. */
    static final String SEED = """
            test_config:
              duration: 60
              packet_rate: 10000
              packet_size: 1500
              flows: 4
             \s
            network_config:
              src_machine:
                ip: "192.168.1.100"
                control_port: 8080
              dst_machine:
                ip: "192.168.1.101"
                interface: "enp5s0"
                traffic_ports: [12345, 12346, 12347, 12348]

            monitoring_config:
              sample_rate: 1.0  # seconds
              metrics: ["cpu", "memory", "network", "xdp"]
             \s
            results_config:
              format: ["json", "csv"]
              real_time: true
            """;

    @Test
    void readsTheSeedConfigOntoTwoSshHostsWithTrafficAndXdp() throws ProfileException {
        Profile p = ProfileLoader.parse(SEED, "config.yaml");
        assertEquals(ProfileForm.SEED_CONFIG, p.form());
        assertEquals("config", p.name());
        assertEquals(List.of(
                new HostSpec("src_machine", "192.168.1.100", HostSpec.Transport.SSH, 22, null, null, Set.of("src"), null,
                        List.of(), null),
                new HostSpec("dst_machine", "192.168.1.101", HostSpec.Transport.SSH, 22, null, null, Set.of("dst"), null,
                        List.of(), null)), p.hosts());
        assertEquals(new TrafficSpec("src_machine", "dst_machine", "192.168.1.101", 4, List.of(12345, 12346, 12347, 12348),
                10_000, 1500, Duration.ofSeconds(60), Duration.ZERO, Duration.ZERO), p.traffic());
        assertEquals(new AgentSettings(8080, "127.0.0.1", Duration.ofSeconds(10), false), p.agent());
        assertEquals(List.of(new XdpSpec("dst_machine", "enp5s0", "builtin:count", null, "native", false, "pass")), p.xdp());
        assertEquals(new MonitoringSpec(Duration.ofSeconds(1), List.of(MetricGroup.CPU, MetricGroup.MEMORY, MetricGroup.NETWORK, MetricGroup.XDP)), p.monitoring());
        assertEquals(new ResultsSpec(List.of(ResultFormat.JSON, ResultFormat.CSV), true, "runs"), p.results());
        assertEquals(List.of(), p.links());
        assertEquals(List.of(), p.thresholds());
        assertNull(p.baseline());
    }

    @Test
    void seedConfigWithoutTheXdpMetricAttachesNothing() throws ProfileException {
        Profile p = ProfileLoader.parse(SEED.replace(", \"xdp\"]", "]"), "config.yaml");
        assertEquals(List.of(), p.xdp());
        assertEquals(List.of(MetricGroup.CPU, MetricGroup.MEMORY, MetricGroup.NETWORK), p.monitoring().metrics());
    }

    @Test
    void seedConfigProblemsNameTheSeedsKeys() {
        assertEquals(List.of("3:16: test_config.packet_rate must be above zero packets per second, got 0"),
                ProfileProblemsTest.problems(SEED.replace("packet_rate: 10000", "packet_rate: 0")));
        assertEquals(List.of("10:19: network_config.src_machine.control_port 80800 is out of range 1-65535"),
                ProfileProblemsTest.problems(SEED.replace("control_port: 8080", "control_port: 80800")));
        assertEquals(List.of("14:20: 4 flows but 3 ports in network_config.dst_machine.traffic_ports: give one"
                        + " destination port per flow, or leave 'ports' out to use 12345 onwards"),
                ProfileProblemsTest.problems(SEED.replace(", 12348]", "]")));
        assertEquals(List.of("5:3: unknown key 'flow' in test_config (did you mean 'flows'?)"),
                ProfileProblemsTest.problems(SEED.replace("  flows: 4", "  flow: 4")));
        assertEquals(List.of("7:1: unknown key 'network' in the seed config (did you mean 'network_config'?)"),
                ProfileProblemsTest.problems(SEED.replace("network_config:", "network:")));
        assertEquals(List.of("17:12: metric 'xdp' needs network_config.dst_machine.interface: the interface the XDP"
                + " program attaches to"), ProfileProblemsTest.problems(SEED.replace("    interface: \"enp5s0\"\n", "")));
    }

    /** The memif seed test written in LabDeck's form, with every kind of block. */
    static final String MEMIF = """
            name: memif-1c1s
            description: one HTTP client, one server, two DPDK load balancers over memif
            agent:
              port: 8181
              bind: 127.0.0.1
              heartbeat_timeout: 15s
              accept_new_host_keys: true
            hosts:
              dut:
                address: 10.0.0.5
                port: 2222
                user: lab
                key: ~/.ssh/lab_ed25519
                roles: [memif]
                java: /opt/jdk-25/bin/java
                position: {x: 120, y: 80.5}
                services:
                  - name: lb_s
                    command: [../../../../build/lb, lb_s.json]
                    workdir: perf_tool/example/memif/test3
                    env: {RTE_LOG_LEVEL: "8", MODE: master}
                    cores: 5
                    readiness: {kind: unix_socket, path: /run/memif.sock}
                    start_timeout: 20s
                    stop_signal: SIGINT
                    stop_grace: 2s
                  - name: lb_c
                    command: [../../../../build/lb, lb_c.json]
                    cores: [4]
                    after: lb_s
                    readiness: {kind: dpdk_link_up, file_prefix: lb_c, port: 0}
                  - name: server
                    command: [../../../../build/perf_tool, server, s.json]
                    cores: [3]
                    after: [lb_c]
                    readiness: {kind: tcp_port, port: 80}
                  - name: client
                    command: [../../../../build/perf_tool, client, c.json]
                    cores: [2]
                    after: [server]
                    readiness: {kind: log_line, pattern: "connected to .*"}
                    crash_fails_run: false
              gen:
                address: 10.0.0.6
                roles: src
            links:
              - name: m0
                kind: memif
                host: dut
                master: lb_s
                slave: lb_c
                socket: /run/memif.sock
              - name: wire
                a: gen:eth1/192.168.1.10/24
                b: dut:eth1
            xdp:
              - host: dut
                interface: eth1
                object: ./my_prog.o
                program: xdp_main
                mode: generic
                allow_generic: true
                action: drop
            traffic:
              source: gen
              sink: dut
              destination: 192.168.1.100
              flows: 2
              rate_pps: 1_000_000
              packet_size: 512
              duration: 2m
              warmup: 500ms
              cooldown: 1.5
            monitoring:
              sample_interval: 250ms
              metrics: [cpu, dpdk]
            results:
              formats: [json, html]
              real_time: false
              directory: /var/tmp/runs
            thresholds:
              - traffic.loss_percent <= 0.1
              - {metric: traffic.rx_pps, op: ">=", value: 9.5e5}
            baseline:
              kind: without-xdp
            """;

    @Test
    void readsLabDecksFormWithEveryBlock() throws ProfileException {
        Profile p = ProfileLoader.parse(MEMIF, "memif.yaml");
        assertEquals(ProfileForm.LABDECK, p.form());
        assertEquals("memif-1c1s", p.name());
        assertEquals(new AgentSettings(8181, "127.0.0.1", Duration.ofSeconds(15), true), p.agent());
        HostSpec dut = p.host("dut").orElseThrow();
        assertEquals(new HostSpec("dut", "10.0.0.5", HostSpec.Transport.SSH, 2222, "lab", "~/.ssh/lab_ed25519",
                Set.of("memif"), "/opt/jdk-25/bin/java", dut.services(), new HostSpec.Position(120, 80.5)), dut);
        assertEquals(new ServiceSpec("lb_s", List.of("../../../../build/lb", "lb_s.json"), "perf_tool/example/memif/test3",
                Map.of("RTE_LOG_LEVEL", "8", "MODE", "master"), List.of(5), List.of(),
                new ReadinessProbe.UnixSocket("/run/memif.sock"), Duration.ofSeconds(20), "INT", Duration.ofSeconds(2),
                true), dut.services().get(0));
        assertEquals(new ServiceSpec("lb_c", List.of("../../../../build/lb", "lb_c.json"), null, Map.of(), List.of(4),
                List.of("lb_s"), new ReadinessProbe.DpdkLinkUp("lb_c", 0), Duration.ofSeconds(30), "TERM",
                Duration.ofSeconds(5), true), dut.services().get(1));
        assertEquals(new ReadinessProbe.TcpPort(80), dut.services().get(2).readiness());
        assertEquals(new ReadinessProbe.LogLine("connected to .*"), dut.services().get(3).readiness());
        assertEquals(false, dut.services().get(3).crashFailsRun());
        assertEquals(Set.of("src"), p.host("gen").orElseThrow().roles());
        assertEquals(List.of(
                new LinkSpec.Memif("m0", "dut", "lb_s", "lb_c", "/run/memif.sock"),
                new LinkSpec.Ethernet("wire", new LinkSpec.Endpoint("gen", "eth1", "192.168.1.10/24"),
                        new LinkSpec.Endpoint("dut", "eth1", null))), p.links());
        assertEquals(List.of(new XdpSpec("dut", "eth1", "./my_prog.o", "xdp_main", "generic", true, "drop")), p.xdp());
        assertEquals(new TrafficSpec("gen", "dut", "192.168.1.100", 2, List.of(12345, 12346), 1_000_000, 512,
                Duration.ofMinutes(2), Duration.ofMillis(500), Duration.ofMillis(1500)), p.traffic());
        assertEquals(new MonitoringSpec(Duration.ofMillis(250), List.of(MetricGroup.CPU, MetricGroup.DPDK)), p.monitoring());
        assertEquals(new ResultsSpec(List.of(ResultFormat.JSON, ResultFormat.HTML), false, "/var/tmp/runs"), p.results());
        assertEquals(List.of(new Threshold("traffic.loss_percent", Threshold.Comparison.LE, 0.1),
                new Threshold("traffic.rx_pps", Threshold.Comparison.GE, 950_000)), p.thresholds());
        assertEquals(new BaselineSpec(BaselineKind.WITHOUT_XDP, null), p.baseline());
        assertEquals(List.of("lb_s", "lb_c", "server", "client"), ServiceOrder.of(p).names());
    }

    @Test
    void aMinimalProfileGetsSensibleDefaults() throws ProfileException {
        Profile p = ProfileLoader.parse("""
                hosts:
                  here: {roles: [src, dst]}
                traffic:
                  flows: 3
                """, "profiles/minimal.yaml");
        assertEquals("minimal", p.name());
        assertEquals(AgentSettings.defaults(), p.agent());
        assertEquals(new HostSpec("here", "127.0.0.1", HostSpec.Transport.LOCAL, 22, null, null, Set.of("src", "dst"),
                null, List.of(), null), p.hosts().getFirst());
        assertEquals(new TrafficSpec("here", "here", "127.0.0.1", 3, List.of(12345, 12346, 12347), 1000, 64,
                Duration.ofSeconds(10), Duration.ZERO, Duration.ZERO), p.traffic());
        assertEquals(new MonitoringSpec(Duration.ofSeconds(1), List.of(MetricGroup.CPU, MetricGroup.MEMORY, MetricGroup.NETWORK)), p.monitoring());
        assertEquals(new ResultsSpec(List.of(ResultFormat.JSON, ResultFormat.CSV, ResultFormat.HTML, ResultFormat.JUNIT), true, "runs"), p.results());
        assertNull(ProfileLoader.parse("hosts: {a: {transport: local}}", "x.yaml").traffic());
    }

    @Test
    void trafficEngineAndThreadsAreReadWrittenAndChecked() throws ProfileException {
        String base = """
                hosts:
                  here: {roles: [src, dst]}
                traffic:
                  rate_pps: 1000000
                """;
        TrafficSpec defaults = ProfileLoader.parse(base, "t.yaml").traffic();
        assertEquals(TrafficEngineChoice.AUTO, defaults.engine());
        assertEquals(1, defaults.threads());

        TrafficSpec named = ProfileLoader.parse(base + "  engine: xdp-live\n  threads: 4\n", "t.yaml").traffic();
        assertEquals(TrafficEngineChoice.XDP_LIVE, named.engine());
        assertEquals(dev.labdeck.protocol.TrafficEngine.XDP_LIVE, named.engine().engine());
        assertEquals(4, named.threads());

        Profile auto = ProfileLoader.parse(base + "  engine: packet-ring\n  threads: auto\n", "t.yaml");
        assertEquals(TrafficEngineChoice.PACKET_RING, auto.traffic().engine());
        assertEquals(0, auto.traffic().threads(), "auto is 0 on the wire: one thread per core the host can spare");
        String written = ProfileWriter.toYaml(auto);
        assertTrue(written.contains("engine: packet-ring") && written.contains("threads: auto"), written);
        assertEquals(auto.traffic(), ProfileLoader.parse(written, "t.yaml").traffic());

        String typo = ProfileProblemsTest.problems(base + "  engine: xdp\n").getFirst();
        assertTrue(typo.startsWith("5:11: unknown engine 'xdp'") && typo.contains("xdp-live"), typo);
        assertEquals(List.of("5:12: expected a whole number or auto for threads, got the text \"many\""),
                ProfileProblemsTest.problems(base + "  threads: many\n"));
        assertEquals(List.of("5:12: threads must be 1 to " + dev.labdeck.protocol.AgentLimits.MAX_SENDER_THREADS + " or auto, got 0"),
                ProfileProblemsTest.problems(base + "  threads: 0\n"));
        assertEquals(List.of("5:12: traffic.threads must be at most " + dev.labdeck.protocol.AgentLimits.MAX_SENDER_THREADS
                + ", got 65"), ProfileProblemsTest.problems(base + "  threads: 65\n"), "above the agent's limit");
    }

    @Test
    void perFlowSettingsAndImixAreReadWrittenAndChecked() throws ProfileException {
        String base = """
                hosts:
                  here: {roles: [src, dst]}
                traffic:
                  flows: 3
                  packet_size: imix
                """;
        Profile p = ProfileLoader.parse(base + """
                  per_flow:
                    - {share: 3, packet_size: 1000, src_port: 40000, payload: "text:hello"}
                    - {packet_size: imix, payload: random}
                """, "t.yaml");
        TrafficSpec t = p.traffic();
        assertEquals(0, t.packetSize(), "imix");
        assertEquals(List.of(new FlowSpec(3, 1000, 40000, "text:hello"), new FlowSpec(1, 0, 0, "random")), t.perFlow());
        assertNull(t.flow(2), "the third flow takes the traffic's settings");
        String written = ProfileWriter.toYaml(p);
        assertTrue(written.contains("packet_size: imix") && written.contains("per_flow:"), written);
        assertEquals(t, ProfileLoader.parse(written, "t.yaml").traffic());

        assertEquals(List.of("7:45: flow 1: hex: needs an even number of hex digits after it, e.g. hex:deadbeef, got 'f'"),
                ProfileProblemsTest.problems(base + "  per_flow:\n    - {share: 1, packet_size: 100, payload: \"hex:f\"}\n"));
        assertEquals(List.of("7:15: share of flow 1 must be at least 1, got 0"),
                ProfileProblemsTest.problems(base + "  per_flow:\n    - {share: 0}\n"));
        assertTrue(ProfileProblemsTest.problems(base + "  per_flow: [{}, {}, {}, {}]\n").getFirst()
                .contains("4 entries in traffic.per_flow but 3 flows"), "more entries than flows");
    }

    @Test
    void sshHostsDefaultToTheirAddressAsDestinationAndRolesPickSourceAndSink() throws ProfileException {
        Profile p = ProfileLoader.parse("""
                hosts:
                  tx: {address: 10.1.0.1, roles: [src]}
                  rx: {address: 10.1.0.2, roles: [dst], user: root}
                traffic:
                  ports: [9000, 9001]
                """, "t.yaml");
        assertEquals(HostSpec.Transport.SSH, p.host("tx").orElseThrow().transport());
        assertEquals(new TrafficSpec("tx", "rx", "10.1.0.2", 2, List.of(9000, 9001), 1000, 64, Duration.ofSeconds(10),
                Duration.ZERO, Duration.ZERO), p.traffic());
    }

    @Test
    void durationsInEveryAcceptedForm() throws ProfileException {
        String base = "hosts: {a: {transport: local}}\ntraffic: {duration: %s}\n";
        Map<String, Duration> cases = Map.of("10s", Duration.ofSeconds(10), "500ms", Duration.ofMillis(500),
                "2m", Duration.ofMinutes(2), "1h", Duration.ofHours(1), "7", Duration.ofSeconds(7),
                "0.25", Duration.ofMillis(250), "1.5s", Duration.ofMillis(1500), "'3 s'", Duration.ofSeconds(3));
        for (Map.Entry<String, Duration> c : cases.entrySet()) {
            assertEquals(c.getValue(), ProfileLoader.parse(base.formatted(c.getKey()), "d.yaml").traffic().duration(),
                    c.getKey());
        }
    }

    @Test
    void anchorsAndMergeKeysShareSettings() throws ProfileException {
        Profile p = ProfileLoader.parse("""
                hosts:
                  a: &lab {address: 10.0.0.1, user: lab, port: 2200, roles: [src]}
                  b:
                    <<: *lab
                    address: 10.0.0.2
                    roles: [dst]
                """, "t.yaml");
        HostSpec b = p.host("b").orElseThrow();
        assertEquals("10.0.0.2", b.address());
        assertEquals("lab", b.user());
        assertEquals(2200, b.sshPort());
        assertEquals(Set.of("dst"), b.roles());
    }

    @Test
    void formIsDetectedByTopLevelKeys() throws ProfileException {
        assertEquals(ProfileForm.SEED_CONFIG, ProfileLoader.parse(SEED, "a.yaml").form());
        assertEquals(ProfileForm.LABDECK, ProfileLoader.parse("hosts: {a: {transport: local}}", "b.yaml").form());
        assertTrue(ProfileProblemsTest.problems("{}").getFirst().contains("no hosts"));
    }
}
