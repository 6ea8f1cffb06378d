package dev.labdeck.agent.http;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labdeck.protocol.ErrorResponse;
import dev.labdeck.protocol.ProtocolJson;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the OpenAPI 3.1 document from the route registry. Schemas come from the protocol records
 * through the protocol's own Jackson configuration, so documented names are the names on the wire.
 */
public final class OpenApiDocument {
    private final ObjectMapper mapper = ProtocolJson.mapper();
    private final Map<String, ObjectNode> schemas = new TreeMap<>();

    private OpenApiDocument() {}

    public static ObjectNode of(List<Route> routes, String title, String version) {
        return new OpenApiDocument().build(routes, title, version);
    }

    private ObjectNode build(List<Route> routes, String title, String version) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("openapi", "3.1.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", title);
        info.put("version", version);
        info.put("description", "Every request needs the run's bearer token. Errors are ErrorResponse objects.");
        doc.putArray("security").addObject().putArray("bearer");
        ObjectNode paths = doc.putObject("paths");
        Map<String, ObjectNode> byPath = new TreeMap<>();
        for (Route route : routes) {
            ObjectNode item = byPath.computeIfAbsent(route.path(), p -> mapper.createObjectNode());
            item.set(route.method().toLowerCase(Locale.ROOT), operation(route));
        }
        byPath.forEach(paths::set);
        ObjectNode components = doc.putObject("components");
        ObjectNode bearer = components.putObject("securitySchemes").putObject("bearer");
        bearer.put("type", "http");
        bearer.put("scheme", "bearer");
        schemaFor(mapper.constructType(ErrorResponse.class));
        ObjectNode schemaNode = components.putObject("schemas");
        schemas.forEach(schemaNode::set);
        return doc;
    }

    private ObjectNode operation(Route route) {
        ObjectNode op = mapper.createObjectNode();
        op.put("operationId", operationId(route));
        op.put("summary", route.summary());
        ArrayNode params = mapper.createArrayNode();
        for (String segment : route.path().split("/")) {
            if (segment.startsWith("{") && segment.endsWith("}")) {
                ObjectNode p = params.addObject();
                p.put("name", segment.substring(1, segment.length() - 1));
                p.put("in", "path");
                p.put("required", true);
                p.putObject("schema").put("type", "string");
            }
        }
        if (!params.isEmpty()) op.set("parameters", params);
        boolean takesBody = route.requestType() != null || route.binaryBody();
        if (takesBody) {
            ObjectNode body = op.putObject("requestBody");
            body.put("required", true);
            ObjectNode content = body.putObject("content");
            if (route.binaryBody()) {
                ObjectNode s = content.putObject("application/octet-stream").putObject("schema");
                s.put("type", "string");
                s.put("contentMediaType", "application/octet-stream");
            } else {
                content.putObject("application/json").set("schema", schemaFor(mapper.constructType(route.requestType())));
            }
        }
        ObjectNode responses = op.putObject("responses");
        ObjectNode ok = responses.putObject(Integer.toString(route.successStatus()));
        ok.put("description", route.summary().isEmpty() ? "success" : route.summary());
        if (route.eventStream()) {
            ObjectNode s = ok.putObject("content").putObject("text/event-stream").putObject("schema");
            s.put("type", "string");
            s.put("description", "server-sent events");
        } else if (route.responseType() == byte[].class) {
            ObjectNode s = ok.putObject("content").putObject("application/octet-stream").putObject("schema");
            s.put("type", "string");
            s.put("contentMediaType", "application/octet-stream");
        } else if (route.responseType() != null) {
            JavaType t = route.responseIsList()
                    ? mapper.getTypeFactory().constructCollectionType(List.class, route.responseType())
                    : mapper.constructType(route.responseType());
            ok.putObject("content").putObject("application/json").set("schema", schemaFor(t));
        }
        error(responses, "401", "missing or wrong bearer token");
        if (takesBody) {
            error(responses, "400", "malformed or invalid request body");
            error(responses, "413", "request body larger than " + route.maxBodyBytes() + " bytes");
        }
        error(responses, "default", "an error, described by the message");
        return op;
    }

    private void error(ObjectNode responses, String status, String description) {
        ObjectNode r = responses.putObject(status);
        r.put("description", description);
        r.putObject("content").putObject("application/json").set("schema", ref(ErrorResponse.class));
    }

    private static String operationId(Route route) {
        StringBuilder id = new StringBuilder(route.method().toLowerCase(Locale.ROOT));
        for (String segment : route.path().split("[/_.{}-]+")) {
            if (segment.isEmpty() || segment.equals("v1")) continue;
            id.append(Character.toUpperCase(segment.charAt(0))).append(segment.substring(1));
        }
        return id.toString();
    }

    private ObjectNode ref(Class<?> type) {
        ObjectNode r = mapper.createObjectNode();
        r.put("$ref", "#/components/schemas/" + type.getSimpleName());
        return r;
    }

    /** A JSON Schema (2020-12, as OpenAPI 3.1 uses) for {@code type}; records become components. */
    private ObjectNode schemaFor(JavaType type) {
        ObjectNode s = mapper.createObjectNode();
        Class<?> raw = type.getRawClass();
        if (raw == String.class || raw == char.class || raw == Character.class) {
            s.put("type", "string");
        } else if (raw == int.class || raw == Integer.class || raw == short.class || raw == Short.class || raw == byte.class || raw == Byte.class) {
            s.put("type", "integer");
            s.put("format", "int32");
        } else if (raw == long.class || raw == Long.class) {
            s.put("type", "integer");
            s.put("format", "int64");
        } else if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            s.put("type", "number");
        } else if (raw == boolean.class || raw == Boolean.class) {
            s.put("type", "boolean");
        } else if (raw.isEnum()) {
            s.put("type", "string");
            ArrayNode values = s.putArray("enum");
            for (Object c : raw.getEnumConstants()) values.add(c.toString());
        } else if (type.isCollectionLikeType() || type.isArrayType()) {
            s.put("type", "array");
            s.set("items", schemaFor(type.getContentType()));
        } else if (type.isMapLikeType()) {
            s.put("type", "object");
            s.set("additionalProperties", schemaFor(type.getContentType()));
        } else if (raw == Object.class || raw.getName().startsWith("com.fasterxml.jackson.databind")) {
            return s; // any JSON value
        } else {
            component(raw);
            return ref(raw);
        }
        return s;
    }

    private void component(Class<?> raw) {
        String name = raw.getSimpleName();
        if (schemas.containsKey(name)) return;
        ObjectNode s = mapper.createObjectNode();
        schemas.put(name, s); // placed first so recursive types terminate
        JsonSubTypes subTypes = raw.getAnnotation(JsonSubTypes.class);
        JsonTypeInfo typeInfo = raw.getAnnotation(JsonTypeInfo.class);
        if (subTypes != null) {
            String property = typeInfo != null && !typeInfo.property().isEmpty() ? typeInfo.property() : "@type";
            ArrayNode oneOf = s.putArray("oneOf");
            ObjectNode mapping = mapper.createObjectNode();
            for (JsonSubTypes.Type sub : subTypes.value()) {
                component(sub.value());
                oneOf.add(ref(sub.value()));
                mapping.put(sub.name(), "#/components/schemas/" + sub.value().getSimpleName());
                ObjectNode subSchema = schemas.get(sub.value().getSimpleName());
                ObjectNode props = subSchema.with("properties");
                props.putObject(property).put("const", sub.name());
                subSchema.withArray("required").add(property);
            }
            ObjectNode discriminator = s.putObject("discriminator");
            discriminator.put("propertyName", property);
            discriminator.set("mapping", mapping);
            return;
        }
        s.put("type", "object");
        ObjectNode props = s.putObject("properties");
        BeanDescription description = mapper.getSerializationConfig().introspect(mapper.constructType(raw));
        for (BeanPropertyDefinition p : description.findProperties()) {
            props.set(p.getName(), schemaFor(p.getPrimaryType()));
        }
    }
}
