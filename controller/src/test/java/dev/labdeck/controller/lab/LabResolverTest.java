package dev.labdeck.controller.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.protocol.ProtocolJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profiles name lab hosts; the resolver reads the lab's state.json (written here, no root needed). */
class LabResolverTest {

    @TempDir
    Path home;
    LabInABox labs;

    private static LabState state(String name, String prefix) {
        List<LabHost> hosts = List.of(
                new LabHost("src", name + "-src", name + "-src", "mgmt0", prefix + ".0.2", 22, 11, "/x", "k"),
                new LabHost("dst", name + "-dst", name + "-dst", "mgmt0", prefix + ".0.3", 22, 12, "/x", "k"),
                new LabHost("memif", name + "-memif", name + "-memif", "mgmt0", prefix + ".0.4", 22, 13, "/x", "k"));
        LabDataLink data = new LabDataLink(prefix + ".1.0/24",
                new LabDataLink.End("src", name + "-src", "data0", prefix + ".1.1", "02:00:00:00:00:01"),
                new LabDataLink.End("dst", name + "-dst", "data0", prefix + ".1.2", "02:00:00:00:00:02"));
        return new LabState(name, prefix + ".0.0/16", name + "-br", prefix + ".0.0/24", prefix + ".0.1", hosts, data,
                "root", "/keys/" + name + "/id_lab", "2026-01-01T00:00:00Z", List.of(
                        new LabLoadBalancerLink("client", prefix + ".1.128/25",
                                new LabDataLink.End("src", name + "-src", "lb0", prefix + ".1.129", "02:00:00:00:01:01"),
                                new LabDataLink.End("memif", name + "-memif", "lbc0", null, "02:00:00:00:01:02")),
                        new LabLoadBalancerLink("server", prefix + ".1.128/25",
                                new LabDataLink.End("dst", name + "-dst", "lb0", prefix + ".1.130", "02:00:00:00:02:01"),
                                new LabDataLink.End("memif", name + "-memif", "lbs0", null, "02:00:00:00:02:02"))));
    }

    @BeforeEach
    void twoLabs() throws Exception {
        labs = new LabInABox(new LabPaths(home));
        for (LabState s : List.of(state("labdeck", "10.231"), state("xt1", "10.232"))) {
            Files.createDirectories(labs.paths().labDir(s.name()));
            ProtocolJson.mapper().writeValue(labs.paths().stateFile(s.name()).toFile(), s);
        }
    }

    private static Profile load(String yaml) throws Exception {
        return ProfileLoader.parse(yaml, "test.yaml");
    }

    private static final String PROFILE = """
            name: t
            hosts:
              src: {address: "lab:src", key: "lab:src", roles: [src]}
              dst: {address: "lab:dst", roles: [dst]}
              other: {address: 192.0.2.9, user: alice, key: /home/alice/.ssh/id_ecdsa}
            traffic: {source: src, sink: dst, destination: "lab:dst.data", flows: 1, rate_pps: 10, packet_size: 64, duration: 1s}
            """;

    @Test
    void hostsAndTheDestinationBecomeTheDefaultLabsAddresses() throws Exception {
        Profile p = new LabResolver(labs, "labdeck").apply(load(PROFILE));
        HostSpec src = p.host("src").orElseThrow();
        assertEquals("10.231.0.2", src.address());
        assertEquals("/keys/labdeck/id_lab", src.key());
        assertEquals("root", src.user());
        assertEquals(ProcessHandle.current().info().command().orElseThrow(), src.java(), "the controller's own java");
        HostSpec dst = p.host("dst").orElseThrow();
        assertEquals("10.231.0.3", dst.address());
        assertEquals("/keys/labdeck/id_lab", dst.key(), "a lab address brings the lab's key along");
        assertEquals("10.231.1.2", p.traffic().destination());
        HostSpec other = p.host("other").orElseThrow();
        assertEquals("192.0.2.9", other.address());
        assertEquals("/home/alice/.ssh/id_ecdsa", other.key());
        assertEquals(null, other.java());
    }

    @Test
    void theDefaultLabIsChosenByTheCallerAndNamedReferencesPickTheirOwn() throws Exception {
        Profile p = new LabResolver(labs, "xt1").apply(load(PROFILE));
        assertEquals("10.232.0.2", p.host("src").orElseThrow().address());
        assertEquals("10.232.1.2", p.traffic().destination());

        Profile named = new LabResolver(labs, "xt1").apply(load("""
                hosts:
                  src: {address: "lab:labdeck/src", roles: [src]}
                """));
        assertEquals("10.231.0.2", named.host("src").orElseThrow().address());
        assertEquals("/keys/labdeck/id_lab", named.host("src").orElseThrow().key());
    }

    @Test
    void dotLbIsTheHostsAddressOnItsVethToTheLoadBalancers() throws Exception {
        Profile p = new LabResolver(labs, "labdeck").apply(load(PROFILE.replace("lab:dst.data", "lab:dst.lb")));
        assertEquals("10.231.1.130", p.traffic().destination());
        LabException memif = assertThrows(LabException.class, () -> new LabResolver(labs, "labdeck").apply(
                load(PROFILE.replace("lab:dst.data", "lab:memif.lb"))));
        assertTrue(memif.getMessage().contains("no veth to a load balancer"), memif.getMessage());
    }

    @Test
    void aProfileWithoutLabReferencesIsLeftAsItIs() throws Exception {
        Profile p = load("hosts:\n  local: {transport: local}\n");
        assertSame(p, new LabResolver(labs, "labdeck").apply(p));
    }

    @Test
    void aLabThatIsNotUpOrAHostItDoesNotHaveIsExplained() throws Exception {
        LabException down = assertThrows(LabException.class,
                () -> new LabResolver(labs, "nolab").apply(load(PROFILE)));
        assertTrue(down.getMessage().contains("'nolab', which is not up") && down.getMessage().contains("labdeck lab up --name nolab"),
                down.getMessage());
        LabException host = assertThrows(LabException.class, () -> new LabResolver(labs, "labdeck").apply(load("""
                hosts:
                  gen: {address: "lab:generator"}
                """)));
        assertTrue(host.getMessage().contains("no host 'generator'") && host.getMessage().contains("src, dst, memif"),
                host.getMessage());
        LabException data = assertThrows(LabException.class, () -> new LabResolver(labs, "labdeck").apply(load("""
                hosts:
                  m: {address: "lab:memif.data"}
                """)));
        assertTrue(data.getMessage().contains("no data link address"), data.getMessage());
    }
}
