package dev.labdeck.controller.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.labdeck.controller.engine.LoopbackRuns;
import dev.labdeck.controller.profile.AgentSettings;
import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.transport.AgentLaunch;
import dev.labdeck.controller.transport.HostTransport;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.controller.transport.Transports;
import dev.labdeck.protocol.Flow;
import dev.labdeck.protocol.HttpLoadStart;
import dev.labdeck.protocol.HttpLoadStatus;
import dev.labdeck.protocol.SinkStart;
import dev.labdeck.protocol.SinkState;
import dev.labdeck.protocol.SinkStatus;
import dev.labdeck.protocol.TrafficStart;
import dev.labdeck.protocol.TrafficState;
import dev.labdeck.protocol.TrafficStatus;
import dev.labdeck.testkit.ClassFixture;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client's start, status and stop of a real agent's sink, source and HTTP load (an agent
 * started by the local transport, UDP over loopback, HTTP to a server of the test's own): each
 * answers its state, and stop answers the final figures, which equal what was counted.
 */
class HttpAgentClientAgentTest {

    /** A real agent on this machine, its dead-man switch off (the test sends no heartbeats). */
    record LocalAgent(HostTransport transport, HttpAgentClient client, Path home) implements AutoCloseable {
        static LocalAgent start() throws Exception {
            Path home = Files.createTempDirectory("labdeck-agent-client-");
            TransportOptions options = TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot()).withUserDir(home);
            Prerequisites.require(Files.isRegularFile(options.agentJar()), "agent jar " + options.agentJar()
                    + " not built (run ./mvnw package -DskipTests)");
            HostSpec host = new HostSpec("local", "127.0.0.1", HostSpec.Transport.LOCAL, 22, null, null, Set.of("src", "dst"), null,
                    List.of(), null);
            HostTransport transport = Transports.open(host, AgentSettings.defaults(), options);
            var endpoint = transport.startAgent(new AgentLaunch("agent-client", "127.0.0.1", 0, Duration.ZERO, Duration.ofSeconds(60)));
            return new LocalAgent(transport, new HttpAgentClient(endpoint.host(), endpoint.baseUri(), endpoint.token()), home);
        }

        @Override
        public void close() throws Exception {
            client.close();
            transport.close();
            try (var files = Files.walk(home)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    @RegisterExtension
    static final ClassFixture<LocalAgent> agent = ClassFixture.of(LocalAgent::start);

    @Test
    void sinkAndSourceStartAnswerTheirStateAndStopAnswersTheFinalCounts() throws Exception {
        HttpAgentClient client = agent.get().client();
        int port = LoopbackRuns.freeUdpPorts(1).getFirst();
        SinkStatus listening = client.startSink(new SinkStart("127.0.0.1", List.of(port)));
        assertEquals(SinkState.RUNNING, listening.state(), listening.toString());
        TrafficStatus sending = client.startTraffic(new TrafficStart("127.0.0.1", null, List.of(new Flow(1, port, 0)), 1000, 64, 1000));
        assertEquals(TrafficState.RUNNING, sending.state(), sending.toString());
        TrafficStatus sent = Eventually.value("the source sent for its second", Duration.ofSeconds(30), client::trafficStatus,
                s -> s.state() == TrafficState.DONE);
        assertEquals(1000, sent.packets(), 20, sent.toString());
        assertEquals(sent.packets(), client.stopTraffic().packets(), "stopping a finished source answers its figures");
        Eventually.value("the sink counted every packet sent", Duration.ofSeconds(10), client::sinkStatus,
                s -> s.packets() == sent.packets());
        SinkStatus stopped = client.stopSink();
        assertEquals(SinkState.STOPPED, stopped.state(), stopped.toString());
        assertEquals(sent.packets(), stopped.packets(), "the sink's final count is what the source sent over loopback");
        assertEquals(SinkState.STOPPED, client.sinkStatus().state());
    }

    @Test
    void httpLoadStartAnswersRunningAndStopAnswersWhatTheServerAnswered() throws Exception {
        HttpAgentClient client = agent.get().client();
        AtomicLong answered = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            answered.incrementAndGet();
            ex.sendResponseHeaders(200, 2);
            ex.getResponseBody().write("ok".getBytes());
            ex.close();
        });
        server.start();
        try {
            HttpLoadStatus started = client.startHttpLoad(new HttpLoadStart("http://127.0.0.1:" + server.getAddress().getPort() + "/",
                    1, 60_000, 200, 0, 5_000, List.of()));
            assertEquals("running", started.state(), started.toString());
            Eventually.await("some requests answered", Duration.ofSeconds(30), () -> client.httpLoad().requests() >= 20);
            HttpLoadStatus stopped = client.stopHttpLoad();
            assertEquals("stopped", stopped.state(), stopped.toString());
            assertEquals(0, stopped.errors(), stopped.toString());
            assertTrue(stopped.requests() >= 20, stopped.toString());
            // the one connection's request in flight when the stop came may be answered but not counted
            long served = answered.get();
            assertTrue(served == stopped.requests() || served == stopped.requests() + 1,
                    "the load counted " + stopped.requests() + ", the server answered " + served);
            assertEquals(stopped.requests(), client.httpLoad().requests(), "the status after stop keeps the final count");
        } finally {
            server.stop(0);
        }
    }
}
