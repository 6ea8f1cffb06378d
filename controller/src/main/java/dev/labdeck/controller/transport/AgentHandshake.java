package dev.labdeck.controller.transport;

import dev.labdeck.protocol.AgentInfo;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two calls a transport makes itself: the first {@code GET /v1/info} (is the agent up, with our
 * token, speaking our protocol?) and {@code POST /v1/shutdown} at stop. Everything else goes through
 * the run's agent client.
 */
final class AgentHandshake {
    private static final Logger LOG = LoggerFactory.getLogger(AgentHandshake.class);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();

    private AgentHandshake() {}

    /**
     * Asks {@code /v1/info} until it answers 200 or the deadline passes, then checks the protocol
     * version. A 401 ends at once: the agent is up but does not know our token.
     */
    static AgentInfo awaitInfo(String host, URI base, String token, Instant deadline) throws TransportException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(Api.INFO))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        String last = "no answer";
        while (true) {
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    AgentInfo info = ProtocolJson.mapper().readValue(response.body(), AgentInfo.class);
                    if (info.protocolVersion() != Api.VERSION) {
                        throw new TransportException(host, "the agent speaks protocol version " + info.protocolVersion()
                                + " but this controller speaks " + Api.VERSION
                                + "; rebuild LabDeck so controller and agent come from the same version");
                    }
                    return info;
                }
                if (response.statusCode() == 401) {
                    throw new TransportException(host, "the agent refused the run's token (401) at " + base);
                }
                last = "HTTP " + response.statusCode() + ": " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransportException(host, "interrupted while waiting for the agent");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new TransportException(host, "the agent did not answer " + Api.INFO + " at " + base
                        + " in time (last: " + last + ")");
            }
            pause(host, Duration.ofMillis(50));
        }
    }

    /** Asks the agent to stop everything and exit; true when it accepted (2xx). Never throws. */
    static boolean shutdown(URI base, String token) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(Api.SHUTDOWN))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(3))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            LOG.debug("shutdown {} -> {}", base, response.statusCode());
            return response.statusCode() / 100 == 2;
        } catch (IOException e) {
            LOG.debug("shutdown {} failed: {}", base, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A short wait between polls of a condition that has its own deadline. */
    static void pause(String host, Duration d) throws TransportException {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(host, "interrupted");
        }
    }
}
