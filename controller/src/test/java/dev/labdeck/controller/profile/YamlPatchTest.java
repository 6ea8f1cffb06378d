package dev.labdeck.controller.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.protocol.ReadinessProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Editing a profile's text in place: the bundled, commented profiles edited as the app edits them,
 * and every line but the changed ones the same, byte for byte.
 */
class YamlPatchTest {
    static final Path PROFILES = Path.of("..", "profiles");

    @TempDir Path dir;

    record Patched(String before, String after, Profile edited) {}

    static Patched patch(String file, UnaryOperator<Profile> edit) throws Exception {
        Path p = PROFILES.resolve(file);
        String text = Files.readString(p);
        Profile before = ProfileLoader.parse(text, p.toString(), p);
        Profile after = edit.apply(before);
        YamlPatch.Result r = YamlPatch.apply(text, before, after);
        assertTrue(r.inPlace(), r.note());
        assertEquals(ProfileWriter.toYaml(after), ProfileWriter.toYaml(ProfileLoader.parse(r.text(), p.toString(), p)),
                "the edited text reads as the edited profile");
        return new Patched(text, r.text(), after);
    }

    /** The lines that differ: removed ones with "-", added ones with "+", in order. */
    static List<String> changedLines(String a, String b) {
        List<String> x = a.lines().toList();
        List<String> y = b.lines().toList();
        int[][] l = new int[x.size() + 1][y.size() + 1];
        for (int i = x.size() - 1; i >= 0; i--) {
            for (int j = y.size() - 1; j >= 0; j--) {
                l[i][j] = x.get(i).equals(y.get(j)) ? l[i + 1][j + 1] + 1 : Math.max(l[i + 1][j], l[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < x.size() || j < y.size()) {
            if (i < x.size() && j < y.size() && x.get(i).equals(y.get(j))) {
                i++;
                j++;
            } else if (i < x.size() && (j == y.size() || l[i + 1][j] >= l[i][j + 1])) {
                out.add("-" + x.get(i++));
            } else {
                out.add("+" + y.get(j++));
            }
        }
        return out;
    }

    static Profile traffic(Profile p, UnaryOperator<TrafficSpec> edit) {
        return ProfileDefinition.with(p, "traffic", edit.apply(p.traffic()));
    }

    static Profile hosts(Profile p, List<HostSpec> hosts) {
        return ProfileDefinition.with(p, "hosts", hosts);
    }

    static ServiceSpec cores(ServiceSpec s, List<Integer> cores) {
        return ProfileDefinition.with(s, "cores", cores);
    }

    static HostSpec services(HostSpec h, List<ServiceSpec> services) {
        return ProfileDefinition.with(h, "services", services);
    }

    @Test
    void sixteenFlowsChangeTwoLinesAndKeepTheComments() throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ports.add(20000 + i);
        }
        Patched p = patch("local-loopback.yaml", x -> traffic(x, t -> new TrafficSpec(t.source(), t.sink(), t.destination(), 16,
                ports, t.pps(), t.packetSize(), t.duration(), t.warmup(), t.cooldown())));
        assertEquals(List.of("-  flows: 4", "-  ports: [12345, 12346, 12347, 12348]", "+  flows: 16", "+  ports: " + ports),
                changedLines(p.before(), p.after()));
        assertTrue(p.after().startsWith("# Source and sink on this machine, no SSH: the quickest real run.\n"));
    }

    @Test
    void aChangedDefaultIsWrittenAndNoOtherDefaultIs() throws Exception {
        Patched p = patch("local-loopback.yaml", x -> traffic(x, t -> new TrafficSpec(t.source(), t.sink(), t.destination(), t.flows(),
                t.ports(), t.pps(), t.packetSize(), t.duration(), Duration.ofSeconds(3), t.cooldown())));
        assertEquals(List.of("+  warmup: 3s"), changedLines(p.before(), p.after()));
    }

    @Test
    void theMemifProfileKeepsItsThirtyLinesOfRationale() throws Exception {
        Patched p = patch("lab-in-a-box-memif.yaml", x -> hosts(x, x.hosts().stream().map(h -> services(h, h.services().stream()
                .map(s -> s.name().equals("lb_s") ? cores(s, List.of(1, 0)) : s).toList())).toList()));
        List<String> changed = changedLines(p.before(), p.after());
        assertEquals(2, changed.size(), changed.toString());
        assertTrue(changed.get(0).startsWith("-") && changed.get(0).contains("cores:"), changed.toString());
        assertTrue(changed.get(1).startsWith("+") && changed.get(1).contains("cores: [1, 0]"), changed.toString());
        assertEquals(p.before().lines().filter(l -> l.strip().startsWith("#")).toList(),
                p.after().lines().filter(l -> l.strip().startsWith("#")).toList());
    }

    @Test
    void aServiceAddedWithEnvAndReadinessGoesAtTheEndOfItsList() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MODE", "fast");
        Patched p = patch("lab-in-a-box-memif.yaml", x -> hosts(x, x.hosts().stream().map(h -> {
            if (h.services().isEmpty()) {
                return h;
            }
            List<ServiceSpec> ss = new ArrayList<>(h.services());
            ss.add(new ServiceSpec("probe", List.of("/usr/bin/sleep", "30"), null, env, List.of(), List.of(),
                    new ReadinessProbe.Delay(1000), Duration.ofSeconds(30), "TERM", Duration.ofSeconds(5), true));
            return services(h, ss);
        }).toList()));
        List<String> changed = changedLines(p.before(), p.after());
        assertTrue(changed.stream().allMatch(l -> l.startsWith("+")), changed.toString());
        assertTrue(changed.getFirst().contains("- name: probe"), changed.toString());
    }

    @Test
    void removingAHostCutsOutItsLinesOnly() throws Exception {
        Path f = dir.resolve("two.yaml");
        String text = """
                # two hosts
                name: two
                hosts:
                  a:
                    transport: local   # the first
                    roles: [src]
                  b:
                    transport: local
                    roles: [dst]
                  c:
                    # spare
                    transport: local
                """;
        Files.writeString(f, text);
        Profile before = ProfileLoader.parse(text, f.toString(), f);
        Profile after = hosts(before, before.hosts().stream().filter(h -> !h.name().equals("b")).toList());
        YamlPatch.Result r = YamlPatch.apply(text, before, after);
        assertTrue(r.inPlace(), r.note());
        assertEquals(text.replace("  b:\n    transport: local\n    roles: [dst]\n", ""), r.text());
    }

    @Test
    void writingKeepsTheFileMode() throws Exception {
        Path f = dir.resolve("mode.yaml");
        Files.writeString(f, "name: x\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        YamlPatch.write(f, "name: y\n");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals("name: y\n", Files.readString(f));
    }
}
