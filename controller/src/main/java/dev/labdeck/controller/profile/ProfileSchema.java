package dev.labdeck.controller.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labdeck.protocol.AgentLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The published JSON Schema of LabDeck's profile form ({@code profiles/labdeck-profile.schema.json}),
 * generated from the definition ({@link Key} on the model records). {@code ProfileSchemaTest}
 * fails when the published file is not what this generates; {@code main} (or that test with
 * {@code -Dlabdeck.writeSchema=true}) writes it.
 */
public final class ProfileSchema {

    /** Where the schema is published, relative to the repository root. */
    public static final String PUBLISHED = "profiles/labdeck-profile.schema.json";

    private static final JsonNodeFactory J = JsonNodeFactory.instance;
    private static final String DURATION_TEXT = "^\\s*\\+?\\d+(\\.\\d+)?\\s*(ms|s|m|h)?\\s*$";
    private static final String POSITIVE_DURATION_TEXT = "^\\s*\\+?(?=[\\d.]*[1-9])\\d+(\\.\\d+)?\\s*(ms|s|m|h)?\\s*$";

    private final Map<String, ObjectNode> defs = new LinkedHashMap<>();

    private ProfileSchema() {}

    /** Writes the schema to the file given (default: {@value #PUBLISHED}). */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : PUBLISHED);
        Files.writeString(file, json(), StandardCharsets.UTF_8);
    }

    /** The schema as published: two-space indented JSON with a final newline. */
    public static String json() {
        ObjectNode schema = new ProfileSchema().schema();
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return new ObjectMapper().writer(pp).writeValueAsString(schema).replace("\" : ", "\": ") + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode schema() {
        ObjectNode s = J.objectNode();
        s.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        s.put("$id", "https://labdeck.dev/schema/labdeck-profile.schema.json");
        s.put("title", "LabDeck test profile");
        s.put("description", "LabDeck's own profile form: the lab (hosts, links), what runs on it (XDP, services),"
                + " the UDP traffic, what is measured and what must hold. `labdeck validate FILE` checks a profile"
                + " against these rules and more (names that must exist, dependency cycles), with file:line:column"
                + " for every problem. Generated from the definition in the controller's profile package: do not"
                + " edit by hand (see docs/profile-fields.md).");
        common();
        ObjectNode top = object(Profile.class);
        s.setAll(top);
        s.set("$defs", J.objectNode().setAll(defs));
        return s;
    }

    /** The shapes several keys share. */
    private void common() {
        defs.put("port", J.objectNode().put("type", "integer").put("minimum", AgentLimits.MIN_PORT)
                .put("maximum", AgentLimits.MAX_PORT));
        ObjectNode duration = J.objectNode().put("description", "10s, 500ms, 2m, 1h, or a number of seconds");
        duration.putArray("anyOf").add(J.objectNode().put("type", "number").put("minimum", 0))
                .add(J.objectNode().put("type", "string").put("pattern", DURATION_TEXT));
        defs.put("duration", duration);
        ObjectNode positive = J.objectNode().put("description",
                "10s, 500ms, 2m, 1h, or a number of seconds; above zero");
        positive.putArray("anyOf").add(J.objectNode().put("type", "number").put("exclusiveMinimum", 0))
                .add(J.objectNode().put("type", "string").put("pattern", POSITIVE_DURATION_TEXT));
        defs.put("positiveDuration", positive);
        defs.put("name", J.objectNode().put("type", "string").put("minLength", 1));
        ObjectNode names = J.objectNode();
        names.putArray("anyOf").add(ref("name")).add(J.objectNode().put("type", "array").set("items", ref("name")));
        defs.put("oneOrMoreNames", names);
    }

    /** The object schema of a record of the definition: its keys, required ones, nothing else. */
    private ObjectNode object(Class<? extends Record> type) {
        ObjectNode o = J.objectNode().put("type", "object").put("additionalProperties", false);
        List<String> required = new ArrayList<>();
        ObjectNode props = J.objectNode();
        for (ProfileDefinition.Field f : ProfileDefinition.fields(type)) {
            if (f.def().internal()) {
                continue;
            }
            if (f.def().required()) {
                required.add(f.key());
            }
            ObjectNode p = f.def().custom() ? custom(type, f) : value(f);
            String doc = f.def().doc() + (f.def().derived().isEmpty() ? "" : "; when left out: " + f.def().derived());
            p.put("description", doc);
            Object d = f.defaultValue();
            if (d != null && !(d instanceof Collection<?> c && c.isEmpty())) {
                p.set("default", !f.def().zeroWord().isEmpty() && d instanceof Number z && z.longValue() == 0
                        ? J.textNode(f.def().zeroWord()) : json(d));
            }
            props.set(f.key(), p);
        }
        if (!required.isEmpty()) {
            ArrayNode r = o.putArray("required");
            required.forEach(r::add);
        }
        o.set("properties", props);
        return o;
    }

    private ObjectNode value(ProfileDefinition.Field f) {
        return switch (f.shape()) {
            case TEXT -> f.def().required() ? J.objectNode().put("type", "string").put("minLength", 1)
                    : J.objectNode().put("type", "string");
            case WHOLE -> {
                ObjectNode n = whole(f);
                if (!f.def().zeroWord().isEmpty()) {
                    ObjectNode any = J.objectNode();
                    any.putArray("anyOf").add(n).add(J.objectNode().put("const", f.def().zeroWord()));
                    n = any;
                }
                if (f.def().sweeps()) {
                    ObjectNode any = J.objectNode();
                    any.putArray("anyOf").add(n).add(array(n.deepCopy()).put("minItems", 1));
                    n = any;
                }
                yield n;
            }
            case NUMBER -> J.objectNode().put("type", "number");
            case BOOLEAN -> J.objectNode().put("type", "boolean");
            case DURATION -> ref(f.def().positive() ? "positiveDuration" : "duration");
            case WORD -> words(f);
            case WORD_LIST -> array(words(f));
            case TEXT_LIST, TEXT_SET -> f.def().oneOrMore() ? ref("oneOrMoreNames")
                    : array(J.objectNode().put("type", "string"));
            case WHOLE_LIST -> {
                ObjectNode item = whole(f);
                if (f.def().oneOrMore()) {
                    ObjectNode any = J.objectNode();
                    any.putArray("anyOf").add(item).add(array(item.deepCopy()));
                    yield any;
                }
                yield array(item).put("minItems", 1);
            }
            case RECORD -> ref(define(f.element()));
            case RECORD_LIST -> array(ref(define(f.element())));
            case CUSTOM -> throw new IllegalStateException(f.key() + " is custom");
        };
    }

    /** A whole number with an SI suffix as NodeReader reads it (10k, 1.5M, 1G). */
    private static final String SI_PATTERN = "^[0-9][0-9_]*(\\.[0-9]+)?\\s*[kKMG]$";

    private ObjectNode whole(ProfileDefinition.Field f) {
        if (f.def().port()) {
            return ref("port");
        }
        ObjectNode n = J.objectNode().put("type", "integer");
        if (f.hasMin()) {
            n.put("minimum", f.min());
        }
        if (f.hasMax()) {
            n.put("maximum", f.max());
        }
        if (f.def().siSuffix()) {
            ObjectNode any = J.objectNode();
            any.putArray("anyOf").add(n).add(J.objectNode().put("type", "string").put("pattern", SI_PATTERN));
            return any;
        }
        return n;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ObjectNode words(ProfileDefinition.Field f) {
        ObjectNode n = J.objectNode();
        ArrayNode e = n.putArray("enum");
        for (Object c : f.element().getEnumConstants()) {
            ProfileWord w = (ProfileWord) c;
            e.add(w.word());
            w.aliases().forEach(e::add);
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private String define(Class<?> type) {
        String name = type.getSimpleName().replaceAll("(Spec|Settings)$", "");
        name = Character.toLowerCase(name.charAt(0)) + name.substring(1);
        if (!defs.containsKey(name)) {
            defs.put(name, J.objectNode()); // reserve the place, then fill it
            defs.put(name, object((Class<? extends Record>) type));
        }
        return name;
    }

    /** The keys with a shape of their own, described by hand here as the reader reads them by hand. */
    private ObjectNode custom(Class<?> owner, ProfileDefinition.Field f) {
        String which = owner.getSimpleName() + "." + f.component().getName();
        return switch (which) {
            case "Profile.hosts" -> {
                ObjectNode n = J.objectNode().put("type", "object").put("minProperties", 1);
                n.set("propertyNames", J.objectNode().put("pattern", "^[A-Za-z0-9][A-Za-z0-9_.-]*$"));
                n.set("additionalProperties", ref(define(HostSpec.class)));
                yield n;
            }
            case "Profile.links" -> array(ref(links()));
            case "Profile.thresholds" -> array(thresholds());
            case "HostSpec.position" -> {
                ObjectNode n = J.objectNode().put("type", "object").put("additionalProperties", false);
                n.putArray("required").add("x").add("y");
                n.set("properties", J.objectNode().<ObjectNode>set("x", J.objectNode().put("type", "number"))
                        .set("y", J.objectNode().put("type", "number")));
                yield n;
            }
            case "ServiceSpec.command" -> {
                ObjectNode n = J.objectNode().put("type", "array").put("minItems", 1);
                n.set("items", J.objectNode().set("type", J.arrayNode().add("string").add("number")));
                yield n;
            }
            case "ServiceSpec.environment" -> {
                ObjectNode n = J.objectNode().put("type", "object");
                n.set("additionalProperties", J.objectNode().set("type", J.arrayNode().add("string").add("number")));
                yield n;
            }
            case "ServiceSpec.readiness" -> ref(readiness());
            default -> throw new IllegalStateException("the schema generator does not describe custom key " + which);
        };
    }

    private String readiness() {
        ObjectNode n = J.objectNode().put("type", "object");
        n.putArray("required").add("kind");
        ArrayNode one = n.putArray("oneOf");
        for (ReadinessKind k : ReadinessKind.values()) {
            ObjectNode props = J.objectNode();
            props.set("kind", J.objectNode().put("const", k.word()));
            List<String> required = new ArrayList<>();
            switch (k) {
                case UNIX_SOCKET -> {
                    props.set("path", J.objectNode().put("type", "string").put("minLength", 1)
                            .put("description", "@name for the abstract namespace"));
                    required.add("path");
                }
                case TCP_PORT -> {
                    props.set("port", ref("port"));
                    required.add("port");
                }
                case LOG_LINE -> {
                    props.set("pattern", J.objectNode().put("type", "string").put("minLength", 1)
                            .put("description", "regular expression"));
                    required.add("pattern");
                }
                case DPDK_LINK_UP -> {
                    props.set("file_prefix", J.objectNode().put("type", "string").put("minLength", 1));
                    props.set("port", J.objectNode().put("type", "integer").put("minimum", 0).put("default", 0));
                    required.add("file_prefix");
                }
                case FILE_EXISTS -> {
                    props.set("path", J.objectNode().put("type", "string").put("minLength", 1));
                    required.add("path");
                }
                case DELAY -> {
                    props.set("duration", ref("duration"));
                    required.add("duration");
                }
            }
            ObjectNode alt = J.objectNode();
            alt.set("properties", props);
            ArrayNode r = alt.putArray("required");
            required.forEach(r::add);
            alt.put("additionalProperties", false);
            one.add(alt);
        }
        defs.put("readiness", n);
        return "readiness";
    }

    private String links() {
        defs.put("endpoint", J.objectNode().put("type", "string").put("pattern", "^[^:/\\s]+:[^/\\s]+(/\\S+)?$")
                .put("description", "HOST:INTERFACE or HOST:INTERFACE/ADDRESS, e.g. dst:veth1/10.10.0.2/24"));
        ObjectNode n = J.objectNode().put("type", "object");
        ArrayNode one = n.putArray("oneOf");
        for (LinkKind k : LinkKind.values()) {
            ObjectNode props = J.objectNode();
            props.set("name", ref("name"));
            props.set("kind", J.objectNode().put("const", k.word()));
            ObjectNode alt = J.objectNode();
            ArrayNode r;
            switch (k) {
                case ETHERNET -> {
                    props.set("a", ref("endpoint"));
                    props.set("b", ref("endpoint"));
                    alt.set("properties", props);
                    r = alt.putArray("required").add("a").add("b");
                }
                case MEMIF -> {
                    props.set("host", ref("name"));
                    props.set("master", ref("name").put("description", "the service that creates the memif socket"));
                    props.set("slave", ref("name").put("description", "the service that connects to it"));
                    props.set("socket", J.objectNode().put("type", "string"));
                    alt.set("properties", props);
                    r = alt.putArray("required").add("kind").add("host").add("master").add("slave");
                }
            }
            alt.put("additionalProperties", false);
            one.add(alt);
        }
        defs.put("link", n);
        return "link";
    }

    private static ObjectNode thresholds() {
        ObjectNode n = J.objectNode();
        ArrayNode one = n.putArray("oneOf");
        one.add(J.objectNode().put("type", "string").put("pattern", "^\\s*[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*"
                + "\\s*(<=|>=|==|<|>)\\s*[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?\\s*$")
                .put("description", "METRIC OP NUMBER, e.g. \"traffic.loss_percent <= 0.1\"; METRIC is a dotted"
                        + " path into summary.json"));
        ObjectNode o = J.objectNode().put("type", "object").put("additionalProperties", false);
        o.putArray("required").add("metric").add("op").add("value");
        ArrayNode ops = J.arrayNode();
        for (Threshold.Comparison c : Threshold.Comparison.values()) {
            ops.add(c.symbol);
        }
        for (Threshold.Comparison c : Threshold.Comparison.values()) {
            ops.add(c.name().toLowerCase(java.util.Locale.ROOT));
        }
        o.set("properties", J.objectNode()
                .<ObjectNode>set("metric", J.objectNode().put("type", "string").put("minLength", 1))
                .<ObjectNode>set("op", J.objectNode().set("enum", ops))
                .set("value", J.objectNode().put("type", "number")));
        one.add(o);
        return n;
    }

    private static ObjectNode ref(String def) {
        return J.objectNode().put("$ref", "#/$defs/" + def);
    }

    private static ObjectNode array(ObjectNode items) {
        ObjectNode n = J.objectNode().put("type", "array");
        n.set("items", items);
        return n;
    }

    private static com.fasterxml.jackson.databind.JsonNode json(Object v) {
        return switch (v) {
            case String s -> J.textNode(s);
            case Integer i -> J.numberNode(i);
            case Long l -> J.numberNode(l);
            case Double d -> J.numberNode(d);
            case Boolean b -> J.booleanNode(b);
            case Duration d -> J.textNode(Durations.format(d));
            case ProfileWord w -> J.textNode(w.word());
            case Collection<?> c -> {
                ArrayNode a = J.arrayNode();
                c.forEach(x -> a.add(json(x)));
                yield a;
            }
            default -> throw new IllegalStateException("no JSON for default " + v);
        };
    }
}
