package dev.labdeck.gui.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.profile.ServiceRole;
import dev.labdeck.controller.profile.ServiceSpec;
import dev.labdeck.testkit.Prerequisites;
import java.util.List;
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
}
