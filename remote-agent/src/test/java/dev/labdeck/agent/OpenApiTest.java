package dev.labdeck.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.agent.http.Reply;
import dev.labdeck.agent.http.Route;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.protocol.TrafficStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/openapi.json} is generated from the route registry: every route, a feature's included. */
class OpenApiTest {
    @TempDir
    Path dir;

    /** A feature that exists only here, to show that a feature's routes appear without being listed anywhere else. */
    static final class ProbeFeature implements AgentFeature {
        @Override
        public String name() {
            return "probe";
        }

        @Override
        public void install(AgentContext context) {
            context.router().add(Route.get(Api.BASE + "/probe/{name}/state").summary("a test feature's route")
                    .returns(TrafficStatus.class).handle(r -> Reply.ok(r.pathParam("name"))));
            context.router().add(Route.post(Api.BASE + "/probe/upload").summary("raw bytes")
                    .binaryBody(32L << 20).status(201).handle(r -> Reply.noContent()));
        }
    }

    @Test
    void everyRegisteredRouteIsDescribed() throws Exception {
        List<AgentFeature> features = new ArrayList<>(AgentMain.features());
        features.add(new ProbeFeature());
        AgentOptions options = AgentOptions.parse("--port", "0", "--token-file", "unused", "--state-dir", dir.toString(),
                "--heartbeat-timeout-ms", "0");
        List<Integer> exits = new ArrayList<>();
        AgentServer agent = AgentServer.start(options, "t0ken", features, List.of(), exits::add);
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + agent.address().getPort() + Api.OPENAPI))
                    .header("Authorization", "Bearer t0ken").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            JsonNode doc = ProtocolJson.mapper().readTree(r.body());
            assertEquals("3.1.0", doc.path("openapi").asText());

            List<Route> routes = agent.router().routes();
            assertTrue(routes.size() >= 14, "core, metrics, traffic and probe routes: " + routes.size());
            for (Route route : routes) {
                JsonNode op = doc.path("paths").path(route.path()).path(route.method().toLowerCase(Locale.ROOT));
                assertTrue(op.isObject(), route.method() + " " + route.path() + " is missing from the OpenAPI document");
                assertTrue(op.path("responses").has(Integer.toString(route.successStatus())), route.path());
                assertTrue(op.path("responses").has("401"), route.path());
            }
            // and nothing is described that is not served
            int described = 0;
            for (var path : doc.path("paths").properties()) described += path.getValue().size();
            assertEquals(routes.size(), described);

            // schemas use the names on the wire, e.g. TrafficStart.payload_bytes
            JsonNode trafficStart = doc.path("components").path("schemas").path("TrafficStart").path("properties");
            assertEquals("integer", trafficStart.path("payload_bytes").path("type").asText(), trafficStart.toString());
            assertEquals("array", trafficStart.path("flows").path("type").asText());
            JsonNode probe = doc.path("paths").path("/v1/probe/{name}/state").path("get");
            assertEquals("name", probe.path("parameters").path(0).path("name").asText());
            assertTrue(doc.path("paths").path("/v1/probe/upload").path("post").path("requestBody").path("content").has("application/octet-stream"));
            assertTrue(doc.path("components").path("securitySchemes").has("bearer"));
        } finally {
            agent.shutdown("test over", 0);
        }
        assertEquals(List.of(0), exits);
    }
}
