package dev.labdeck.controller.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.labdeck.testkit.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every profile shipped in profiles/ loads without problems, and those in LabDeck's form match the schema. */
class BundledProfilesTest {

    static final Path PROFILES = Prerequisites.repoRoot().resolve("profiles");

    static List<Path> bundled() throws IOException {
        try (Stream<Path> s = Files.list(PROFILES)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBundledProfileLoadsWithoutProblems() throws IOException {
        List<Path> files = bundled();
        assertFalse(files.isEmpty(), "no profiles in " + PROFILES);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            try {
                Profile p = ProfileLoader.load(f);
                assertEquals(f, p.source());
            } catch (ProfileException e) {
                throw new AssertionError(String.join("\n", e.problems().stream().map(Object::toString).toList()), e);
            }
        }));
    }

    @org.junit.jupiter.api.Test
    void theExampleInProfilesReadmeIsValid() throws Exception {
        String readme = Files.readString(PROFILES.resolve("README.md"));
        int start = readme.indexOf("```yaml\n") + "```yaml\n".length();
        String example = readme.substring(start, readme.indexOf("```", start));
        Profile p = ProfileLoader.parse(example, "profiles/README.md");
        assertEquals(List.of("lb_s", "lb_c"), ServiceOrder.of(p).names());
        assertTrue(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(PROFILES.resolve("labdeck-profile.schema.json")))
                .validate(new ObjectMapper(new YAMLFactory()).readTree(example)).isEmpty());
    }

    @TestFactory
    Stream<DynamicTest> everyBundledLabDeckProfileMatchesTheSchema() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(PROFILES.resolve("labdeck-profile.schema.json")));
        return bundled().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Profile p = ProfileLoader.load(f);
            if (p.form() != ProfileForm.LABDECK) {
                return;
            }
            JsonNode doc = yaml.readTree(f.toFile());
            Set<ValidationMessage> errors = schema.validate(doc);
            assertTrue(errors.isEmpty(), f + " does not match the schema: " + errors);
        }));
    }
}
