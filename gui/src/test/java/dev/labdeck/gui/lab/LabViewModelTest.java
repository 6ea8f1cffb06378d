package dev.labdeck.gui.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileException;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.profile.ProfileProblem;
import dev.labdeck.gui.engine.ControllerProfileFiles;
import dev.labdeck.gui.profile.ProfileDocument;
import dev.labdeck.gui.profile.RecentFiles;
import dev.labdeck.gui.task.BackgroundTasks;
import dev.labdeck.testkit.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Lab view model on the real profile loader, validator and writer; no screen. */
public class LabViewModelTest {
    public static final String LAB = """
            name: two-hosts-and-memif
            hosts:
              src:
                address: 10.0.0.1
                transport: ssh
                roles: [src]
              dst:
                address: 10.0.0.2
                transport: ssh
                roles: [dst]
              memif:
                address: 10.0.0.3
                transport: ssh
                roles: [memif]
                services:
                  - name: lb_s
                    command: [/usr/bin/sleep, "60"]
                  - name: lb_c
                    command: [/usr/bin/sleep, "60"]
                    after: [lb_s]
            links:
              - name: data
                kind: ethernet
                a: src:veth-src/192.168.50.1
                b: dst:veth-dst/192.168.50.2
              - name: mif
                kind: memif
                host: memif
                master: lb_s
                slave: lb_c
                socket: /run/mif.sock
            xdp:
              - host: dst
                interface: veth-dst
                object: builtin:count
                mode: native
                action: pass
            traffic:
              source: src
              sink: dst
              destination: 192.168.50.2
              flows: 2
              ports: [12345, 12346]
              rate_pps: 1000
              packet_size: 64
              duration: 2s
            """;

    @TempDir Path dir;
    ProfileDocument document;
    LabViewModel vm;
    Path file;

    @BeforeEach
    void open() throws Exception {
        file = dir.resolve("lab.yaml");
        Files.writeString(file, LAB);
        Profile p = loadOrFail(file);
        document = new ProfileDocument(new ControllerProfileFiles(), new BackgroundTasks(Runnable::run), new RecentFiles(dir.resolve("recent")));
        document.show(p, file, false);
        vm = new LabViewModel(document);
        Eventually.await("the first check", Duration.ofSeconds(10), () -> !document.yamlProperty().get().isEmpty());
    }

    private static Profile loadOrFail(Path f) throws Exception {
        try {
            return ProfileLoader.load(f);
        } catch (ProfileException e) {
            fail("test profile invalid: " + e.problems());
            return null;
        }
    }

    @Test
    void drawsEachHostWithItsRoleXdpAndServiceBadges() {
        assertEquals(List.of("src", "dst", "memif"), vm.hosts().stream().map(HostCard::name).toList());
        HostCard dst = vm.hosts().get(1);
        assertEquals(Set.of("dst"), dst.roles());
        assertEquals(1, dst.xdp().size());
        assertTrue(dst.xdp().getFirst().contains("builtin:count on veth-dst"), dst.xdp().getFirst());
        assertEquals(List.of("lb_s", "lb_c"), vm.hosts().get(2).services());
    }

    @Test
    void drawsEthernetBetweenHostsAndMemifFromMasterToSlave() {
        LinkLine data = vm.links().get(0);
        assertEquals(LinkLine.Kind.ETHERNET, data.kind());
        assertEquals("src", data.fromHost());
        assertEquals("dst", data.toHost());
        assertEquals("veth-src 192.168.50.1", data.fromLabel());
        LinkLine mif = vm.links().get(1);
        assertEquals(LinkLine.Kind.MEMIF, mif.kind());
        assertTrue(mif.withinHost());
        assertEquals("lb_s (master)", mif.fromLabel());
        assertEquals("lb_c (slave)", mif.toLabel());
    }

    @Test
    void draggingAHostSavesItsPositionInTheProfile() throws Exception {
        vm.moveHost("dst", 512.4, 130.6);
        assertEquals(new HostSpec.Position(512, 131), document.profile().host("dst").orElseThrow().position());
        assertTrue(document.isDirty());
        HostCard dst = vm.hosts().stream().filter(h -> h.name().equals("dst")).findFirst().orElseThrow();
        assertEquals(512, dst.x());
        saveAndWait();
        assertEquals(new HostSpec.Position(512, 131), ProfileLoader.load(file).host("dst").orElseThrow().position());
    }

    @Test
    void anInvalidEditShowsTheMessagesLabdeckValidatePrintsForTheSavedFile() throws Exception {
        vm.select(new LabSelection.Test());
        InspectorField rate = field("Rate (pps)");
        vm.applyField(rate, 0L);
        vm.select(new LabSelection.Link("data"));
        vm.applyField(field("Host", "End B"), "nowhere");
        Eventually.await("problems", Duration.ofSeconds(10), () -> document.problems().size() >= 2, () -> document.problems().toString());
        List<String> shown = List.copyOf(document.problems());

        saveAndWait();
        try {
            ProfileLoader.load(file);
            fail("the saved profile should not load");
        } catch (ProfileException e) {
            assertEquals(e.problems().stream().map(ProfileProblem::toString).toList(), shown);
        }
        assertTrue(shown.stream().anyMatch(s -> s.contains("nowhere")), shown.toString());
        assertTrue(shown.stream().allMatch(s -> s.startsWith(file.toString() + ":")), "file:line:column: " + shown);
        assertTrue(vm.validationSummary().get().startsWith(shown.size() + " problem"), vm.validationSummary().get());
    }

    @Test
    void aValidProfileSaysSo() {
        Eventually.await("the check", Duration.ofSeconds(10), () -> document.problems().isEmpty());
        assertEquals("Valid: ready to run", vm.validationSummary().get());
    }

    @Test
    void removingAHostRemovesItsLinksAndXdp() {
        vm.select(new LabSelection.Host("dst"));
        vm.removeSelected();
        Profile p = document.profile();
        assertFalse(p.host("dst").isPresent());
        assertTrue(p.xdp().isEmpty());
        assertEquals(List.of("mif"), p.links().stream().map(l -> l.name()).toList());
    }

    @Test
    void renamingAHostFollowsItsLinksXdpAndTraffic() {
        vm.select(new LabSelection.Host("dst"));
        vm.applyField(field("Name"), "sink");
        Profile p = document.profile();
        assertEquals("sink", p.traffic().sink());
        assertEquals("sink", p.xdp().getFirst().host());
        assertEquals(new LabSelection.Host("sink"), vm.selectionProperty().get());
        Eventually.await("the check", Duration.ofSeconds(10), () -> document.problems().isEmpty(), () -> document.problems().toString());
    }

    @Test
    void addsHostsLinksXdpAndServicesThatValidate() {
        vm.addHost();
        assertEquals(new LabSelection.Host("host"), vm.selectionProperty().get());
        vm.addService();
        assertNotNull(document.profile().host("host").orElseThrow().services().getFirst());
        vm.addXdp();
        vm.addEthernetLink();
        assertEquals(4, document.profile().hosts().size());
        assertEquals(2, document.profile().xdp().size());
        assertEquals(3, document.profile().links().size());
        Eventually.await("the check", Duration.ofSeconds(10), () -> document.profile() != null && document.yamlProperty().get().contains("host:"));
    }

    private void saveAndWait() {
        boolean[] saved = new boolean[1];
        document.saveAs(file, () -> saved[0] = true, e -> fail(e));
        Eventually.await("save", Duration.ofSeconds(10), () -> saved[0]);
    }

    private InspectorField field(String name) {
        return vm.inspector().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no field " + name));
    }

    private InspectorField field(String name, String category) {
        return vm.inspector().stream().filter(f -> f.name().equals(name) && f.category().equals(category)).findFirst()
                .orElseThrow(() -> new AssertionError("no field " + category + "/" + name));
    }

    @Test
    void theMemifProfileIsDrawnAsTheSeedsDiagram() throws Exception {
        Path seed = dev.labdeck.testkit.Prerequisites.repoRoot().resolve("profiles/memif-1c1s.yaml");
        document.show(ProfileLoader.load(seed), seed, false);
        java.util.Map<String, ServiceNode> n = new java.util.HashMap<>();
        vm.hosts().getFirst().serviceNodes().forEach(s -> n.put(s.name(), s));
        // slave left of master on one row, the client on the client-side load balancer, the server on the server side
        assertEquals(List.of(0, 1), List.of(n.get("lb_c").column(), n.get("lb_c").row()));
        assertEquals(List.of(1, 1), List.of(n.get("lb_s").column(), n.get("lb_s").row()));
        assertEquals(List.of(0, 0), List.of(n.get("client").column(), n.get("client").row()));
        assertEquals(List.of(1, 0), List.of(n.get("server").column(), n.get("server").row()));
        assertEquals("master", n.get("lb_s").memifRole());
        assertEquals("slave", n.get("lb_c").memifRole());
        assertEquals(List.of(5), n.get("lb_s").cores());
        assertEquals(List.of(2), n.get("client").cores());
        assertEquals("lb_c", n.get("client").attachedTo());
    }

    private InspectorField inspectorField(String category, String name) {
        return vm.inspector().stream().filter(f -> f.category().equals(category) && f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no inspector field " + category + "/" + name + " in "
                        + vm.inspector().stream().map(f -> f.category() + "/" + f.name()).toList()));
    }

    @Test
    void everyTrafficKeyOfTheProfileDefinitionHasAField() throws Exception {
        vm.select(new LabSelection.Test());
        for (var f : dev.labdeck.controller.profile.ProfileDefinition.fields(dev.labdeck.controller.profile.TrafficSpec.class)) {
            if (!DefinedFields.editable(f) || LabViewModel.HAND_MADE_TRAFFIC.contains(f.key())) continue;
            inspectorField("Traffic", DefinedFields.label(f.key()));
        }
        // keys the traffic engineer added, edited as a user would: engine is a choice of its words, threads a number or auto
        InspectorField engine = inspectorField("Traffic", "Engine");
        assertEquals("auto", engine.value());
        assertTrue(engine.choices().containsAll(List.of("auto", "socket")), engine.choices().toString());
        inspectorField("Traffic", "Threads").apply().accept("4");
        assertEquals(4, document.profile().traffic().threads());
        inspectorField("Traffic", "Engine").apply().accept("socket");
        assertEquals("socket", document.profile().traffic().engine().word());
        saveAndWait();
        String saved = Files.readString(file);
        assertTrue(saved.contains("  threads: 4\n") && saved.contains("  engine: socket\n"), saved);
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> inspectorField("Traffic", "Threads").apply().accept("many"));
        assertEquals("'many' is not a whole number or auto for threads", bad.getMessage());
    }

    @Test
    void theAgentListensBeyondLoopbackOnlyWhenTheUserConfirms() {
        vm.select(new LabSelection.Test());
        List<String> asked = new java.util.ArrayList<>();
        vm.setConfirmExposure(q -> { asked.add(q); return false; });
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> inspectorField("Agent", "Bind").apply().accept("0.0.0.0"));
        assertEquals("kept the agent on 127.0.0.1: binding 0.0.0.0 was not confirmed", refused.getMessage());
        assertEquals(1, asked.size());
        assertTrue(asked.getFirst().startsWith("The agent would listen on 0.0.0.0"), asked.getFirst());
        assertTrue(document.profile().agent() == null || document.profile().agent().bind().equals("127.0.0.1"));
        vm.setConfirmExposure(q -> true);
        inspectorField("Agent", "Bind").apply().accept("0.0.0.0");
        assertEquals("0.0.0.0", document.profile().agent().bind());
        inspectorField("Agent", "Bind").apply().accept("127.0.0.1");
        assertEquals(1, asked.size(), "going back to loopback asks nothing");
    }

    @Test
    void theThresholdsFieldNamesTheFiguresSummaryJsonHas() {
        vm.select(new LabSelection.Test());
        String help = inspectorField("Thresholds", "Must hold").description();
        for (String figure : List.of("traffic.loss_percent", "traffic.rx_pps", "traffic.achieved_pps", "traffic.requested_pps", "dst_cpu.mean")) {
            assertTrue(help.contains(" " + figure + ",") || help.contains(" " + figure + ";"), figure + " missing from: " + help);
        }
        assertTrue(!help.contains("cpu.max_percent") && !help.contains("started_ms"), help);
    }

    @Test
    void everySectionTheProfileLacksCanBeAddedAndLeavesItValid() {
        Eventually.await("the profile checked", Duration.ofSeconds(10), () -> document.problems().isEmpty(), () -> document.problems().toString());
        List<String> absent = vm.absentSections();
        assertTrue(absent.containsAll(List.of("measure", "http", "sweep", "search", "baseline")), absent.toString());
        for (String section : absent) {
            vm.addSection(section);
            assertTrue(!vm.absentSections().contains(section) && vm.removableSections().contains(section), section);
            assertTrue(document.yamlProperty().get().contains("\n" + section + ":"), section + " in the YAML:\n" + document.yamlProperty().get());
            Eventually.await(section + " added and still valid", Duration.ofSeconds(10), () -> document.problems().isEmpty(),
                    () -> section + ": " + document.problems());
            assertTrue(!vm.inspector().isEmpty() && vm.inspector().stream().anyMatch(f -> f.category().equalsIgnoreCase(DefinedFields.label(section))
                    || f.category().equalsIgnoreCase(section)), section + " has fields in the inspector: " + vm.inspector().stream().map(InspectorField::category).distinct().toList());
            document.undo();
            assertTrue(vm.absentSections().contains(section), section + " undone");
        }
    }
}
