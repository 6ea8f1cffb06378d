package dev.labdeck.controller.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.labdeck.protocol.TrafficState;
import dev.labdeck.protocol.AgentEvent;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.Sample;
import dev.labdeck.protocol.TrafficStatus;
import dev.labdeck.testkit.FreePort;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's side of the wire: token, JSON, error messages, the event stream. A small canned
 * HTTP server stands in for the agent here; the real agent is exercised by the run tests.
 */
class HttpAgentClientTest {
    private HttpServer server;
    private HttpAgentClient client;
    private final CountDownLatch streamClosed = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
        client = new HttpAgentClient("dst", URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "s3cret");
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String path = ex.getRequestURI().getPath();
        if (!"Bearer s3cret".equals(auth)) {
            send(ex, 401, "{\"error\":\"unauthorized\",\"message\":\"missing or wrong bearer token\"}");
        } else if (path.equals(Api.TRAFFIC_SOURCE) && ex.getRequestMethod().equals("GET")) {
            send(ex, 200, "{\"state\":\"running\",\"packets\":12,\"flows\":[],\"new_field\":1}");
        } else if (path.equals(Api.TRAFFIC_SOURCE) && ex.getRequestMethod().equals("POST")) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!body.contains("\"payload_bytes\":64")) {
                send(ex, 400, "{\"error\":\"bad_request\",\"message\":\"payload_bytes missing\"}");
            } else {
                send(ex, 200, "{\"state\":\"running\"}");
            }
        } else if (path.equals(Api.HEARTBEAT)) {
            ex.sendResponseHeaders(204, -1);
            ex.close();
        } else if (path.equals(Api.EVENTS)) {
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write(("event: sample\ndata: [{\"time_ms\":1,\"metric\":\"traffic.tx_pps\",\"labels\":{},\"value\":10000}]\n\n"
                    + ": keep-alive\n\nevent: event\ndata: {\"time_ms\":2,\"level\":\"info\",\"kind\":\"traffic.done\","
                    + "\"message\":\"done\",\"data\":{}}\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                // hold the stream open like the agent does, until the client goes away
                while (true) {
                    Thread.sleep(50);
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException | InterruptedException gone) {
                streamClosed.countDown();
            }
        } else {
            send(ex, 404, "{\"error\":\"not_found\",\"message\":\"no such path " + path + "\"}");
        }
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Test
    void readsStatusWithTheTokenAndToleratesNewFields() throws Exception {
        TrafficStatus s = client.trafficStatus();
        assertEquals(TrafficState.RUNNING, s.state());
        assertEquals(12, s.packets());
        client.heartbeat();
    }

    @Test
    void errorsNameHostRequestAndTheAgentsMessage() {
        HttpAgentClient wrong = new HttpAgentClient("dst", client.baseUri(), "guess");
        try {
            AgentException e = assertThrows(AgentException.class, wrong::info);
            assertEquals(401, e.status());
            assertEquals("dst: GET /v1/info failed with HTTP 401: missing or wrong bearer token (the agent refused the run's token)",
                    e.getMessage());
        } finally {
            wrong.close();
        }
        AgentException bad = assertThrows(AgentException.class, () -> client.startTraffic(
                new dev.labdeck.protocol.TrafficStart("127.0.0.1", null, List.of(), 1, 0, 1)));
        assertEquals("dst: POST /v1/traffic/source failed with HTTP 400: payload_bytes missing", bad.getMessage());
    }

    @Test
    void anAgentThatIsNotThereIsSaidSo() throws Exception {
        int port = FreePort.onLoopback();
        HttpAgentClient gone = new HttpAgentClient("src", URI.create("http://127.0.0.1:" + port), "t");
        try {
            AgentException e = assertThrows(AgentException.class, gone::info);
            assertEquals(0, e.status());
            assertTrue(e.getMessage().startsWith("src: GET /v1/info: connection refused"), e.getMessage());
        } finally {
            gone.close();
        }
    }

    @Test
    void eventStreamDeliversSamplesAndEventsUntilClosed() throws Exception {
        List<Sample> samples = new CopyOnWriteArrayList<>();
        List<AgentEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch both = new CountDownLatch(2);
        client.subscribe(s -> {
            samples.addAll(s);
            both.countDown();
        }, e -> {
            events.add(e);
            both.countDown();
        });
        assertTrue(both.await(5, TimeUnit.SECONDS), "a sample batch and an event arrive");
        assertEquals(10000.0, samples.getFirst().value());
        assertEquals("traffic.done", events.getFirst().kind());
        client.close();
        assertTrue(streamClosed.await(5, TimeUnit.SECONDS), "closing the client ends the stream");
    }
}
