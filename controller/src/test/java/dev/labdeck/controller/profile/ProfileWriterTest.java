package dev.labdeck.controller.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.labdeck.protocol.ReadinessProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** What the writer saves, the loader reads back as the same profile; and it matches the schema. */
class ProfileWriterTest {

    /** The profile as the writer should reproduce it: where it came from is not part of it. */
    static Profile content(Profile p) {
        return new Profile(p.name(), p.description(), null, ProfileForm.LABDECK, p.agent(), p.hosts(), p.links(), p.xdp(),
                p.traffic(), p.monitoring(), p.results(), p.thresholds(), p.baseline());
    }

    static Profile roundTrip(Profile p) throws ProfileException {
        String yaml = ProfileWriter.toYaml(p);
        try {
            return ProfileLoader.parse(yaml, "written.yaml");
        } catch (ProfileException e) {
            throw new AssertionError(e.problems() + " in\n" + yaml, e);
        }
    }

    static void assertSchemaValid(String yaml) throws IOException {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(BundledProfilesTest.PROFILES.resolve("labdeck-profile.schema.json")));
        Set<ValidationMessage> errors = schema.validate(new ObjectMapper(new YAMLFactory()).readTree(yaml));
        assertTrue(errors.isEmpty(), errors + " in\n" + yaml);
    }

    @Test
    void everyBlockRoundTrips() throws Exception {
        Profile p = ProfileLoader.parse(ProfileLoaderTest.MEMIF, "memif.yaml");
        assertEquals(content(p), content(roundTrip(p)));
        assertSchemaValid(ProfileWriter.toYaml(p));
    }

    @Test
    void aSeedConfigIsWrittenInLabDecksForm() throws Exception {
        Profile seed = ProfileLoader.parse(ProfileLoaderTest.SEED, "config.yaml");
        String yaml = ProfileWriter.toYaml(seed);
        assertTrue(yaml.startsWith("name: config\n"), yaml);
        assertTrue(yaml.contains("  src_machine:\n    address: 192.168.1.100\n    transport: ssh\n"), yaml);
        Profile back = ProfileLoader.parse(yaml, "written.yaml");
        assertEquals(ProfileForm.LABDECK, back.form());
        assertEquals(content(seed), content(back));
        assertSchemaValid(yaml);
    }

    @Test
    void hostPositionsAreSaved() throws Exception {
        Profile p = ProfileLoader.parse("""
                hosts:
                  a: {transport: local, position: {x: 10, y: 20}}
                """, "p.yaml");
        HostSpec a = p.hosts().getFirst();
        HostSpec moved = new HostSpec(a.name(), a.address(), a.transport(), a.sshPort(), a.user(), a.key(), a.roles(),
                a.java(), a.services(), new HostSpec.Position(312.25, -4));
        Profile edited = new Profile(p.name(), p.description(), null, p.form(), p.agent(), List.of(moved), p.links(),
                p.xdp(), p.traffic(), p.monitoring(), p.results(), p.thresholds(), p.baseline());
        String yaml = ProfileWriter.toYaml(edited);
        assertTrue(yaml.contains("    position: {x: 312.25, y: -4}\n"), yaml);
        assertEquals(new HostSpec.Position(312.25, -4), roundTrip(edited).hosts().getFirst().position());
    }

    @Test
    void textThatLooksLikeOtherYamlIsQuoted() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", "8080");
        env.put("FLAG", "yes");
        env.put("EMPTY", "");
        env.put("NULLISH", "null");
        env.put("COLON", "a: b");
        env.put("HASH", "x # not a comment");
        env.put("UNICODE", "Grüße → ✓");
        ServiceSpec s = new ServiceSpec("svc", List.of("/bin/sh", "-c", "echo 'hi' \"there\"", "--opt=[1, 2]", "*star"),
                "/tmp/dir with space", env, List.of(0, 7), List.of(), new ReadinessProbe.Delay(1500),
                Duration.ofMillis(2500), "HUP", Duration.ZERO, false);
        HostSpec h = new HostSpec("h-1.lab", "::1", HostSpec.Transport.SSH, 22, "true", null, Set.of("src", "dst"), null,
                List.of(s), null);
        Profile p = new Profile("on", "description: with colon", null, ProfileForm.LABDECK, AgentSettings.defaults(),
                List.of(h), List.of(), List.of(), null, new MonitoringSpec(Duration.ofNanos(1_500_000), List.of(MetricGroup.CPU)),
                new ResultsSpec(List.of(ResultFormat.JSON), true, "runs"),
                List.of(new Threshold("traffic.loss_percent", Threshold.Comparison.LT, 0.001)), null);
        assertEquals(content(p), content(roundTrip(p)));
        assertSchemaValid(ProfileWriter.toYaml(p));
    }

    @Test
    void writesThroughATemporaryFile(@TempDir Path dir) throws Exception {
        Profile p = ProfileLoader.parse(ProfileLoaderTest.MEMIF, "memif.yaml");
        Path file = dir.resolve("sub/saved.yaml");
        ProfileWriter.write(p, file);
        ProfileWriter.write(p, file); // replaces
        // the profile's XDP object, beside it, as loading checks (the ELF header of a BPF object)
        Path object = file.resolveSibling("my_prog.o");
        byte[] elf = new byte[64];
        System.arraycopy(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1}, 0, elf, 0, 7);
        elf[18] = (byte) 247;
        Files.write(object, elf);
        assertEquals(content(p), content(ProfileLoader.load(file)));
        try (Stream<Path> s = Files.list(file.getParent())) {
            assertEquals(java.util.Set.of(file, object), java.util.Set.copyOf(s.toList()), "no temporary file left");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBundledProfileRoundTrips() throws IOException {
        return BundledProfilesTest.bundled().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Profile p = ProfileLoader.load(f);
            assertEquals(content(p), content(roundTrip(p)));
            assertSchemaValid(ProfileWriter.toYaml(p));
        }));
    }
}
