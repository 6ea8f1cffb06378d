package dev.labdeck.gui.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileDefinition;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.profile.ServiceRole;
import dev.labdeck.controller.profile.ServiceSpec;
import dev.labdeck.testkit.Prerequisites;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An edit in the inspector changes what it edits and keeps every other section of the profile. */
class ProfileEditsTest {

    @Test
    void editingTheMemifHttpProfileKeepsItsMeasureAndHttpSections() throws Exception {
        Profile p = ProfileLoader.load(Prerequisites.repoRoot().resolve("profiles/lab-in-a-box-memif-http.yaml"));
        assertNotNull(p.http(), "the bundled profile has an http section");

        Profile renamed = ProfileEdits.withName(p, "renamed");
        assertEquals("renamed", renamed.name());
        assertEquals(p.http(), renamed.http());
        assertEquals(p.measure(), renamed.measure());
        assertEquals(p.http(), ProfileEdits.withThresholds(p, List.of()).http());
        assertEquals(p.http(), ProfileEdits.withBaseline(p, null).http());
        assertEquals(p.http(), ProfileEdits.withHosts(p, p.hosts()).http());
    }

    @Test
    void editingALoadServiceKeepsItsRoleAndStopSignal() {
        ServiceSpec load = new ServiceSpec("client", List.of("/usr/bin/true"), null, java.util.Map.of(), List.of(), List.of(),
                null, java.time.Duration.ofSeconds(30), "USR1", java.time.Duration.ofSeconds(5), true);
        load = dev.labdeck.controller.profile.ProfileDefinition.with(load, "role", ServiceRole.LOAD);
        var figure = new dev.labdeck.controller.profile.ServiceFigure("rps", null, "rps: ([0-9.]+)", null);
        load = dev.labdeck.controller.profile.ProfileDefinition.with(load, "figures", List.of(figure));
        ServiceSpec edited = ProfileEdits.service(load).cores(List.of(1)).build();
        assertEquals(List.of(1), edited.cores());
        assertEquals(List.of(figure), edited.figures(), "the service's figures are kept");
        assertEquals(ServiceRole.LOAD, edited.role());
        assertEquals("USR1", edited.stopSignal());
    }

    @Test
    void editingATrafficFieldOrRenamingItsHostKeepsEngineThreadsAndPerFlowSettings() throws Exception {
        Profile p = ProfileLoader.parse("""
                name: t
                hosts:
                  a: {transport: local}
                  b: {transport: local}
                traffic:
                  source: a
                  sink: b
                  destination: 127.0.0.1
                  engine: socket
                  threads: 2
                  flows: 2
                  per_flow:
                    - {share: 1, packet_size: 100}
                    - {share: 3, packet_size: 200}
                """, "t.yaml");
        var before = p.traffic();
        var edited = ProfileEdits.traffic(before).pps(5000).duration(java.time.Duration.ofSeconds(3)).build();
        assertEquals(5000, edited.pps());
        assertEquals(before.engine(), edited.engine());
        assertEquals(2, edited.threads());
        assertEquals(before.perFlow(), edited.perFlow());

        var renamed = ProfileEdits.renameHost(p, "a", "gen").traffic();
        assertEquals("gen", renamed.source());
        assertEquals(before.engine(), renamed.engine());
        assertEquals(before.threads(), renamed.threads());
        assertEquals(before.perFlow(), renamed.perFlow());
    }

    private static final String EVERY_SERVICE_AND_HOST_KEY = """
            name: every-key
            hosts:
              a:
                address: 10.206.0.2
                port: 2222
                user: lab
                key: /tmp/id_lab
                roles: [src, memif]
                java: /opt/jdk/bin/java
                position: {x: 12, y: 34}
                services:
                  - name: client
                    command: [iperf3, --client, 127.0.0.1, --json]
                    workdir: /tmp
                    env: {MODE: "fast"}
                    cores: [1, 2]
                    after: [server]
                    readiness: {kind: tcp_port, port: 5201}
                    start_timeout: 7s
                    stop_signal: INT
                    stop_grace: 3s
                    crash_fails_run: false
                    role: load
                    figures:
                      - {name: bps, file: c.json, json_pointer: /end/sum_received/bits_per_second}
                      - {name: rps, regex: '([0-9.]+) requests/s'}
                  - name: server
                    command: [iperf3, --server]
            measure: {duration: 5s}
            """;

    /** Each setter changes its key only: every other component (figures, role, and what is added later) stays. */
    @Test
    void editingAServiceWithFiguresKeepsEveryOtherKey() throws Exception {
        Profile p = ProfileLoader.parse(EVERY_SERVICE_AND_HOST_KEY, "every-key.yaml");
        ServiceSpec s = p.hosts().get(0).services().get(0);
        assertEquals(2, s.figures().size(), "the fixture has figures");
        Map<String, ServiceSpec> edits = new LinkedHashMap<>();
        edits.put("name", ProfileEdits.service(s).name("loader").build());
        edits.put("command", ProfileEdits.service(s).command(List.of("wrk")).build());
        edits.put("workdir", ProfileEdits.service(s).workingDirectory("/var/tmp").build());
        edits.put("env", ProfileEdits.service(s).environment(Map.of("MODE", "slow")).build());
        edits.put("cores", ProfileEdits.service(s).cores(List.of(3)).build());
        edits.put("after", ProfileEdits.service(s).after(List.of()).build());
        edits.put("readiness", ProfileEdits.service(s).readiness(null).build());
        edits.put("start_timeout", ProfileEdits.service(s).startTimeout(Duration.ofSeconds(9)).build());
        edits.put("stop_signal", ProfileEdits.service(s).stopSignal("TERM").build());
        edits.put("stop_grace", ProfileEdits.service(s).stopGrace(Duration.ofSeconds(1)).build());
        edits.put("crash_fails_run", ProfileEdits.service(s).crashFailsRun(true).build());
        for (var e : edits.entrySet()) {
            assertOnlyKeyChanged(s, e.getValue(), e.getKey());
        }
        // the same through the model the inspector edits: the profile's service keeps its figures
        Profile edited = ProfileEdits.editService(p, "a", "client", x -> ProfileEdits.service(x).cores(List.of(0)).build());
        ServiceSpec after = edited.hosts().get(0).services().get(0);
        assertEquals(List.of(0), after.cores());
        assertEquals(s.figures(), after.figures());
        assertEquals(s.role(), after.role());
    }

    @Test
    void editingAHostKeepsEveryOtherKey() throws Exception {
        Profile p = ProfileLoader.parse(EVERY_SERVICE_AND_HOST_KEY, "every-key.yaml");
        HostSpec h = p.hosts().get(0);
        Map<String, HostSpec> edits = new LinkedHashMap<>();
        edits.put("name", ProfileEdits.host(h).name("gen").build());
        edits.put("address", ProfileEdits.host(h).address("10.206.0.9").build());
        edits.put("transport", ProfileEdits.host(h).transport(HostSpec.Transport.LOCAL).build());
        edits.put("port", ProfileEdits.host(h).sshPort(22).build());
        edits.put("user", ProfileEdits.host(h).user("root").build());
        edits.put("key", ProfileEdits.host(h).key(null).build());
        edits.put("roles", ProfileEdits.host(h).roles(Set.of("dst")).build());
        edits.put("java", ProfileEdits.host(h).java(null).build());
        edits.put("services", ProfileEdits.host(h).services(List.of()).build());
        edits.put("position", ProfileEdits.host(h).position(new HostSpec.Position(1, 2)).build());
        for (var e : edits.entrySet()) {
            assertOnlyKeyChanged(h, e.getValue(), e.getKey());
        }
    }

    @Test
    void everyProfileEditReplacesOneSectionAndKeepsTheOthers() throws Exception {
        Profile p = ProfileLoader.load(Prerequisites.repoRoot().resolve("profiles/lab-in-a-box-memif-http.yaml"));
        assertOnlyKeyChanged(p, ProfileEdits.withName(p, "x"), "name");
        assertOnlyKeyChanged(p, ProfileEdits.withDescription(p, "why"), "description");
        assertOnlyKeyChanged(p, ProfileEdits.withHosts(p, p.hosts().subList(0, 1)), "hosts");
        assertOnlyKeyChanged(p, ProfileEdits.withLinks(p, List.of()), "links");
        assertOnlyKeyChanged(p, ProfileEdits.withThresholds(p, List.of()), "thresholds");
        assertOnlyKeyChanged(p, ProfileEdits.withMonitoring(p, null), "monitoring");
    }

    /** Every component of {@code after} but {@code key} equals {@code before}'s, and {@code key}'s differs. */
    private static <R extends Record> void assertOnlyKeyChanged(R before, R after, String key) {
        @SuppressWarnings("unchecked")
        Class<? extends Record> type = (Class<? extends Record>) before.getClass();
        for (ProfileDefinition.Field f : ProfileDefinition.fields(type)) {
            if (f.key().equals(key)) {
                assertNotEquals(f.get(before), f.get(after), key + " was to change");
            } else {
                assertEquals(f.get(before), f.get(after), "editing " + key + " of a " + type.getSimpleName() + " changed " + f.key());
            }
        }
    }
}
