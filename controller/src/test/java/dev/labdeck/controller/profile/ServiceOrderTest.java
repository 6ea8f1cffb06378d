package dev.labdeck.controller.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceOrderTest {

    static Profile profile(String yaml) throws ProfileException {
        return ProfileLoader.parse(yaml, "t.yaml");
    }

    @Test
    void theMemifSeedChainStartsMasterSlaveServerClient() throws ProfileException {
        Profile p = ProfileLoader.parse(ProfileLoaderTest.MEMIF, "memif.yaml");
        ServiceOrder order = ServiceOrder.of(p);
        assertEquals(List.of("lb_s", "lb_c", "server", "client"), order.names());
        assertEquals(List.of("client", "server", "lb_c", "lb_s"),
                order.reversed().stream().map(s -> s.service().name()).toList());
        assertEquals("dut/lb_s", order.steps().getFirst().toString());
    }

    @Test
    void aDpdkSecondaryStartsAfterItsPrimaryAndStopsBeforeItWithItsFilePrefix() throws ProfileException {
        Profile p = profile("""
                hosts:
                  a:
                    transport: local
                    services:
                      - name: pdump
                        command: [dpdk-pdump, -l, "0", --, --pdump, "port=0,queue=*,rx-dev=lb.pcap"]
                        dpdk: {proc_type: secondary, primary: lb_c}
                      - {name: lb_c, command: [dpdk-testpmd, --file-prefix, lbc, --, -i], after: [lb_s]}
                      - {name: lb_s, command: [dpdk-testpmd, --file-prefix=lbs]}
                """);
        ServiceOrder order = ServiceOrder.of(p);
        assertEquals(List.of("lb_s", "lb_c", "pdump"), order.names());
        assertEquals("pdump", order.reversed().getFirst().service().name());
        ServiceSpec pdump = order.steps().getLast().service();
        assertEquals(List.of("lb_c"), pdump.startsAfter());
        // its EAL arguments get the primary's prefix and the process type, before the application's
        assertEquals(List.of("dpdk-pdump", "-l", "0", "--proc-type", "secondary", "--file-prefix", "lbc", "--", "--pdump",
                "port=0,queue=*,rx-dev=lb.pcap"), DpdkCommand.asSecondary(pdump.command(), "lbc"));
        assertEquals(List.of("x", "--proc-type=secondary", "--file-prefix", "lbc"),
                DpdkCommand.asSecondary(List.of("x", "--proc-type=secondary"), "lbc"));
    }

    @Test
    void ordersAcrossHostsWhateverOrderTheProfileWritesThemIn() throws ProfileException {
        Profile p = profile("""
                hosts:
                  client_side:
                    transport: local
                    services:
                      - {name: client, command: [c], after: [server]}
                      - {name: lb_c, command: [lb], after: [lb_s]}
                  server_side:
                    transport: local
                    services:
                      - {name: server, command: [s], after: [lb_c]}
                      - {name: lb_s, command: [lb]}
                """);
        ServiceOrder order = ServiceOrder.of(p);
        assertEquals(List.of("lb_s", "lb_c", "server", "client"), order.names());
        assertEquals(List.of("server_side", "client_side", "server_side", "client_side"),
                order.steps().stream().map(s -> s.host().name()).toList());
    }

    @Test
    void independentServicesKeepProfileOrder() throws ProfileException {
        Profile p = profile("""
                hosts:
                  a:
                    transport: local
                    services:
                      - {name: z, command: [z]}
                      - {name: y, command: [y], after: [w]}
                      - {name: x, command: [x]}
                  b:
                    transport: local
                    services:
                      - {name: w, command: [w]}
                      - {name: v, command: [v]}
                """);
        assertEquals(List.of("z", "x", "w", "y", "v"), ServiceOrder.of(p).names());
    }

    @Test
    void diamondDependencies() throws ProfileException {
        Profile p = profile("""
                hosts:
                  a:
                    transport: local
                    services:
                      - {name: top, command: [t], after: [left, right]}
                      - {name: right, command: [r], after: [base]}
                      - {name: left, command: [l], after: [base]}
                      - {name: base, command: [b]}
                """);
        assertEquals(List.of("base", "right", "left", "top"), ServiceOrder.of(p).names());
    }

    @Test
    void noServicesNoSteps() throws ProfileException {
        assertEquals(List.of(), ServiceOrder.of(profile("hosts: {a: {transport: local}}")).steps());
    }

    @Test
    void cyclesAndUnknownNamesInAProfileBuiltInMemoryAreRefused() throws ProfileException {
        Profile valid = ProfileLoader.parse(ProfileLoaderTest.MEMIF, "memif.yaml");
        HostSpec dut = valid.host("dut").orElseThrow();
        ServiceSpec lbS = dut.services().getFirst();
        ServiceSpec cyclic = new ServiceSpec(lbS.name(), lbS.command(), lbS.workingDirectory(), lbS.environment(),
                lbS.cores(), List.of("client"), lbS.readiness(), lbS.startTimeout(), lbS.stopSignal(), lbS.stopGrace(),
                lbS.crashFailsRun());
        Profile p = withServices(valid, dut, cyclic);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceOrder.of(p));
        assertEquals("services depend on each other in a cycle: lb_s → client → server → lb_c → lb_s", e.getMessage());
        assertEquals(List.of("memif.yaml: services depend on each other in a cycle: lb_s → client → server → lb_c → lb_s"
                + " (each starts after the next); none of them could start"),
                ProfileValidator.validate(p).stream().map(Object::toString).toList());

        ServiceSpec unknown = new ServiceSpec(lbS.name(), lbS.command(), null, lbS.environment(), lbS.cores(),
                List.of("nope"), null, lbS.startTimeout(), lbS.stopSignal(), lbS.stopGrace(), true);
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> ServiceOrder.of(withServices(valid, dut, unknown)));
        assertEquals("service 'lb_s' on host 'dut' starts after unknown service 'nope'", e2.getMessage());
    }

    private static Profile withServices(Profile p, HostSpec host, ServiceSpec first) {
        List<ServiceSpec> services = new java.util.ArrayList<>(host.services());
        services.set(0, first);
        HostSpec h = new HostSpec(host.name(), host.address(), host.transport(), host.sshPort(), host.user(), host.key(),
                host.roles(), host.java(), services, host.position());
        List<HostSpec> hosts = p.hosts().stream().map(x -> x.name().equals(h.name()) ? h : x).toList();
        return new Profile(p.name(), p.description(), java.nio.file.Path.of("memif.yaml"), p.form(), p.agent(), hosts,
                p.links(), p.xdp(), p.traffic(), p.monitoring(), p.results(), p.thresholds(), p.baseline());
    }
}
