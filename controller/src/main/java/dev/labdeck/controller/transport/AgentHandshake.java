package dev.labdeck.controller.transport;

import dev.labdeck.controller.agent.AgentException;
import dev.labdeck.controller.agent.HttpAgentClient;
import dev.labdeck.protocol.AgentInfo;
import dev.labdeck.protocol.Api;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two agent calls a transport makes itself: the first {@code GET /v1/info} (is the agent up,
 * with our token, speaking our protocol?) and {@code POST /v1/shutdown} at stop; both through the
 * one agent client, {@link HttpAgentClient}.
 */
final class AgentHandshake {
    private static final Logger LOG = LoggerFactory.getLogger(AgentHandshake.class);

    /** A live agent answers a shutdown at once; one that does not is frozen or gone, and is stopped by signal. */
    static final Duration SHUTDOWN_ANSWER = Duration.ofSeconds(3);

    private AgentHandshake() {}

    /**
     * Asks {@code /v1/info} until it answers or the deadline passes, then checks the protocol
     * version. A 401 ends at once: the agent is up but does not know our token.
     */
    static AgentInfo awaitInfo(String host, URI base, String token, Instant deadline) throws TransportException {
        try (HttpAgentClient client = new HttpAgentClient(host, base, token)) {
            String last;
            while (true) {
                try {
                    AgentInfo info = client.info();
                    if (info.protocolVersion() != Api.VERSION) {
                        throw new TransportException(host, "the agent speaks protocol version " + info.protocolVersion()
                                + " but this controller speaks " + Api.VERSION
                                + "; rebuild LabDeck so controller and agent come from the same version");
                    }
                    return info;
                } catch (AgentException e) {
                    if (e.status() == 401) {
                        throw new TransportException(host, "the agent refused the run's token (401) at " + base);
                    }
                    last = e.getMessage();
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new TransportException(host, "the agent did not answer " + Api.INFO + " at " + base
                            + " in time (last: " + last + ")");
                }
                pause(host, Duration.ofMillis(50));
            }
        }
    }

    /** Asks the agent to stop everything and exit; true when it accepted. Never throws. */
    static boolean shutdown(String host, URI base, String token) {
        try (HttpAgentClient client = new HttpAgentClient(host, base, token)) {
            client.shutdown(SHUTDOWN_ANSWER);
            return true;
        } catch (AgentException e) {
            LOG.debug("{}: shutdown at {} failed: {}", host, base, e.getMessage());
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
