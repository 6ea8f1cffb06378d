package dev.labdeck.controller.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileException;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.profile.ServiceOrder;
import dev.labdeck.testkit.Prerequisites;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start order across hosts, cycles refused with where they are written, and the dry-run text. */
class ServiceOrderAcrossHostsTest {

    static final String TWO_HOSTS = """
            name: two-hosts
            hosts:
              a:
                transport: local
                services:
                  - {name: client, command: [c], after: [lb_c, server]}
                  - {name: lb_s, command: [lb, lb_s.json]}
              b:
                transport: local
                services:
                  - {name: server, command: [s], after: [lb_s]}
                  - {name: lb_c, command: [lb, lb_c.json], after: [lb_s]}
            """;

    @Test
    void startsEachServiceAfterWhatItNamesOnAnyHost() throws Exception {
        Profile p = ProfileLoader.parse(TWO_HOSTS, "two-hosts.yaml");
        ServiceOrder order = ServiceOrder.of(p);
        // lb_s first although written second; ties (server, lb_c) keep the profile's order
        assertEquals(List.of("a/lb_s", "b/server", "b/lb_c", "a/client"),
                order.steps().stream().map(ServiceOrder.Step::toString).toList());
        assertEquals(List.of("client", "lb_c", "server", "lb_s"),
                order.reversed().stream().map(s -> s.service().name()).toList());
    }

    @Test
    void theSeedProfileStartsInTheSeedsOrderOnTheSeedsCores() throws Exception {
        Profile p = ProfileLoader.load(Prerequisites.repoRoot().resolve("profiles/memif-1c1s.yaml"));
        ServiceOrder order = ServiceOrder.of(p);
        assertEquals(List.of("lb_s", "lb_c", "server", "client"), order.names());
        assertEquals(List.of(List.of(5), List.of(4), List.of(3), List.of(2)),
                order.steps().stream().map(s -> s.service().cores()).toList());
    }

    @Test
    void aCycleAcrossHostsIsRefusedWithFileLineAndColumn() {
        String yaml = """
                name: loop
                hosts:
                  a:
                    transport: local
                    services:
                      - {name: one, command: [x], after: [three]}
                  b:
                    transport: local
                    services:
                      - {name: two, command: [x], after: [one]}
                      - {name: three, command: [x], after: [two]}
                """;
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.parse(yaml, "loop.yaml"));
        String all = e.problems().toString();
        assertTrue(e.problems().stream().anyMatch(pr -> pr.line() > 0 && pr.message().contains("cycle")
                && pr.message().contains("one") && pr.message().contains("two") && pr.message().contains("three")), all);
        assertTrue(e.problems().getFirst().toString().startsWith("loop.yaml:"), all);
    }

    @Test
    void anUnknownNameInAfterIsRefused() {
        String yaml = """
                name: unknown
                hosts:
                  a:
                    transport: local
                    services:
                      - {name: one, command: [x], after: [lb_z]}
                """;
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.parse(yaml, "unknown.yaml"));
        assertTrue(e.problems().stream().anyMatch(pr -> pr.line() == 6 && pr.message().contains("lb_z")),
                e.problems().toString());
    }

    @Test
    void theDryRunTextShowsOrderHostCoresAndProbe() throws Exception {
        Profile p = ProfileLoader.load(Prerequisites.repoRoot().resolve("profiles/memif-1c1s.yaml"));
        String text = ServicePlan.describe(p);
        List<String> numbered = text.lines().filter(l -> l.matches("\\s+\\d\\. .*")).toList();
        assertEquals(List.of(
                "  1. lb_s on host dut, cores 5",
                "  2. lb_c on host dut, cores 4, after lb_s",
                "  3. server on host dut, cores 3, after lb_c",
                "  4. client on host dut, cores 2, after server"), numbered);
        assertTrue(text.contains("ready when: unix socket @/run/memif.sock listening (abstract)"), text);
        assertTrue(text.contains("command: ../../../../build/lb lb_s.json"), text);
        assertTrue(text.contains("workdir: perf_tool/example/memif/test3"), text);
        assertTrue(text.contains("TEARDOWN stops them in reverse order: client, server, lb_c, lb_s"), text);
    }
}
