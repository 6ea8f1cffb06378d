package dev.labdeck.controller.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The published schema says yes and no where the loader does, for what a schema can express. */
class ProfileSchemaTest {

    static JsonSchema schema;
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @BeforeAll
    static void load() throws IOException {
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(BundledProfilesTest.PROFILES.resolve("labdeck-profile.schema.json")));
    }

    static boolean valid(String yaml) throws IOException {
        return schema.validate(YAML.readTree(yaml)).isEmpty();
    }

    static void assertBothAccept(String yaml) throws Exception {
        ProfileLoader.parse(yaml, "s.yaml");
        assertEquals(true, valid(yaml), schema.validate(YAML.readTree(yaml)).toString());
    }

    static void assertBothRefuse(String yaml) throws IOException {
        assertFalse(ProfileProblemsTest.problems(yaml).isEmpty());
        assertFalse(valid(yaml), "the schema accepts:\n" + yaml);
    }

    /** The published file is what the definition generates: regenerate it with -Dlabdeck.writeSchema=true. */
    @Test
    void thePublishedSchemaIsGeneratedFromTheDefinition() throws IOException {
        java.nio.file.Path published = BundledProfilesTest.PROFILES.resolve("labdeck-profile.schema.json");
        String generated = ProfileSchema.json();
        if (Boolean.getBoolean("labdeck.writeSchema")) {
            Files.writeString(published, generated);
        }
        assertEquals(generated, Files.readString(published), published + " differs from the definition (the @Key"
                + " annotations of the profile records); regenerate it: ./mvnw -B -q -pl controller -am verify"
                + " -Dtest=ProfileSchemaTest -Dsurefire.failIfNoSpecifiedTests=false -Dlabdeck.writeSchema=true");
    }

    static final String HOST = "hosts: {a: {transport: local, roles: [src, dst]}}\n";

    @Test
    void acceptsWhatTheLoaderAccepts() throws Exception {
        assertBothAccept(ProfileLoaderTest.MEMIF);
        assertBothAccept(HOST);
        assertBothAccept(HOST + "traffic: {duration: 1.5, warmup: 0, rate_pps: 1}\n");
        assertBothAccept("hosts: {a: {transport: local, services: [{name: s, command: [x], stop_signal: USR1},"
                + " {name: t, command: [x], stop_signal: SIGUSR2}]}}\n");
        assertBothAccept(HOST + "thresholds: [\"traffic.rx_pps >= 1e3\", {metric: a.b, op: \"<\", value: 2}]\n");
    }

    @Test
    void refusesWhatTheLoaderRefuses() throws IOException {
        assertBothRefuse("name: t\n");
        assertBothRefuse(HOST + "trafic: {}\n");
        assertBothRefuse(HOST + "traffic: {rate_pps: 0}\n");
        assertBothRefuse(HOST + "traffic: {duration: 0s}\n");
        assertBothRefuse(HOST + "traffic: {duration: -1}\n");
        assertBothRefuse(HOST + "traffic: {duration: ten}\n");
        assertBothRefuse(HOST + "traffic: {ports: [70000]}\n");
        assertBothRefuse(HOST + "traffic: {packet_size: 10}\n");
        assertBothRefuse(HOST + "traffic: {packet_size: 65508}\n");
        assertBothRefuse(HOST + "traffic: {rate_pps: 100000000000}\n");
        assertBothRefuse(HOST + "traffic: {flows: 0}\n");
        assertBothRefuse(HOST + "agent: {port: 0}\n");
        assertBothRefuse(HOST + "monitoring: {metrics: [disk]}\n");
        assertBothRefuse(HOST + "thresholds: [\"loss is small\"]\n");
        assertBothRefuse(HOST + "links: [{kind: ethernet, a: \"a:eth0\", b: a}]\n");
        assertBothRefuse(HOST + "links: [{kind: memif, host: a, master: x}]\n");
        assertBothRefuse(HOST + "xdp: [{host: a, interface: eth0, mode: turbo}]\n");
        assertBothRefuse("hosts: {a: {transport: local, services: [{name: s, command: \"/bin/true\"}]}}\n");
        assertBothRefuse("hosts: {a: {transport: local, services: [{name: s, command: [x], readiness: {kind: tcp}}]}}\n");
        assertBothRefuse("hosts: {a: {transport: local, services: [{name: s, command: [x],"
                + " readiness: {kind: tcp_port, path: /x}}]}}\n");
        assertBothRefuse("hosts: {a: {transport: local, services: [{name: s, command: [x], stop_signal: STOP}]}}\n");
        assertBothRefuse(HOST + "baseline: {kind: yesterday}\n");
        assertBothRefuse(HOST + "results: {formats: [pdf]}\n");
        assertBothRefuse("hosts: {a: {transport: local, services: [{name: s, command: [x], env: {A: true}}]}}\n");
        assertBothRefuse("hosts: {a: {transport: local, position: {x: 1}}}\n");
    }
}
