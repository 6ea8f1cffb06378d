package dev.labdeck.controller.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.profile.AgentSettings;
import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.protocol.AgentInfo;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.testkit.Prerequisites;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTransportTest {

    @TempDir
    Path userDir;

    private TransportOptions options() {
        return TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot()).withUserDir(userDir);
    }

    private static HostSpec localHost(String name) {
        return new HostSpec(name, "127.0.0.1", HostSpec.Transport.LOCAL, 22, null, null, Set.of("src"), null, List.of(), null);
    }

    @Test
    void startsTheAgentJarOnALoopbackPortAndStopsItWithNothingLeft() throws Exception {
        TransportOptions options = options();
        AgentJars.requireAgentJar(options.agentJar());

        try (HostTransport transport = Transports.open(localHost("here"), AgentSettings.defaults(), options)) {
            AgentEndpoint endpoint = transport.startAgent(
                    new AgentLaunch("t1", "127.0.0.1", 0, Duration.ofSeconds(10), Duration.ofSeconds(30)));
            ProcessHandle agent = ((LocalTransport) transport).agentProcess().orElseThrow();

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> withToken = http.send(HttpRequest.newBuilder(endpoint.baseUri().resolve(Api.INFO))
                    .header("Authorization", "Bearer " + endpoint.token()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, withToken.statusCode());
            assertEquals(Api.VERSION, ProtocolJson.mapper().readValue(withToken.body(), AgentInfo.class).protocolVersion());
            HttpResponse<String> withoutToken = http.send(HttpRequest.newBuilder(endpoint.baseUri().resolve(Api.INFO)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, withoutToken.statusCode());

            try (var dirs = Files.list(userDir.resolve("agent"))) {
                Path tokenFile = dirs.findFirst().orElseThrow().resolve("token");
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
            }

            transport.stopAgent();
            assertFalse(agent.isAlive(), "agent pid " + agent.pid() + " still running after stopAgent");
            transport.stopAgent(); // twice is fine
        }
    }

    @Test
    void refusesToOpenWithoutAnAgentJar() {
        TransportOptions options = options().withLabdeckHome(userDir);
        TransportException e = org.junit.jupiter.api.Assertions.assertThrows(TransportException.class,
                () -> Transports.open(localHost("here"), AgentSettings.defaults(), options));
        assertTrue(e.getMessage().contains("labdeck-agent.jar"), e.getMessage());
        assertTrue(e.getMessage().startsWith("here: "), e.getMessage());
    }
}
