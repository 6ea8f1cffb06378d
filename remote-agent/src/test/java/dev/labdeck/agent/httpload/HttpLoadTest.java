package dev.labdeck.agent.httpload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.labdeck.protocol.HttpLoadStart;
import dev.labdeck.protocol.HttpLoadStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent's HTTP load against a real HTTP server on loopback, which counts what it saw. */
class HttpLoadTest {
    private static final byte[] PAGE = "<html>labdeck</html>\n".getBytes(StandardCharsets.US_ASCII);
    private HttpServer server;
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong bodyBytes = new AtomicLong();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bodyBytes.addAndGet(in.transferTo(OutputStream.nullOutputStream()));
            }
            clientPorts.add(exchange.getRemoteAddress().getPort());
            if (exchange.getRequestURI().getPath().equals("/slow")) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int code = exchange.getRequestURI().getPath().equals("/missing") ? 404 : 200;
            exchange.sendResponseHeaders(code, PAGE.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(PAGE);
            }
            served.incrementAndGet();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static HttpLoadStatus run(HttpLoadStart spec) throws Exception {
        CompletableFuture<HttpLoadStatus> done = new CompletableFuture<>();
        HttpLoad load = new HttpLoad(spec, done::complete);
        load.start();
        return done.get(spec.durationMs() + 15_000, TimeUnit.MILLISECONDS);
    }

    @Test
    void keepAliveConnectionsInAClosedLoopCountWhatTheServerServed() throws Exception {
        HttpLoadStatus s = run(new HttpLoadStart(url("/"), 4, 1000, 0, 0, 2000, List.of()));
        assertEquals("done", s.state());
        assertTrue(s.requests() > 0, "no requests answered");
        assertEquals(served.get(), s.requests(), "the server served a different number of requests");
        assertEquals(0, s.errors(), "errors: " + s.lastError());
        assertEquals(Map.of("200", s.requests()), s.statusCodes());
        assertEquals(s.requests() * PAGE.length, s.rxBytes());
        assertEquals(s.requests(), s.latency().count());
        assertTrue(s.latency().p50Us() > 0 && s.latency().p50Us() <= s.latency().p99Us()
                && s.latency().p99Us() <= s.latency().maxUs(), "percentiles out of order: " + s.latency());
        assertTrue(s.requestsPerSecond() > 0);
        // keep-alive: four connections carried every request
        assertTrue(clientPorts.size() <= 4, "connections opened: " + clientPorts.size());
    }

    @Test
    void aRateSpacesRequestsAndPostsCarryTheirBodies() throws Exception {
        HttpLoadStatus s = run(new HttpLoadStart(url("/"), 2, 1000, 40, 100, 2000, List.of()));
        // 40 per second for one second: slots at 0, 25, ..., 975 ms
        assertEquals(40, s.requests());
        assertEquals(40 * 100, s.txBytes());
        assertEquals(40 * 100, bodyBytes.get());
        assertEquals(0, s.errors());
    }

    @Test
    void aRateTheServerCannotKeepUpWithStillEndsWithTheDuration() throws Exception {
        // 1,000 requests/s asked of a server that takes at least 100 ms per answer, over one connection, for 1 s:
        // the load ends with its second (at most 10 slots started in it, one answer each), not after its 1,000 slots
        HttpLoadStatus s = run(new HttpLoadStart(url("/slow"), 1, 1000, 1000, 0, 2000, List.of()));
        assertEquals("done", s.state());
        assertTrue(s.requests() > 0 && s.requests() <= 11, "requests: " + s.requests());
        assertEquals(served.get(), s.requests());
        assertEquals(0, s.errors(), s.lastError());
    }

    @Test
    void answersOf400AndAboveAndRefusedConnectionsAreErrors() throws Exception {
        HttpLoadStatus notFound = run(new HttpLoadStart(url("/missing"), 1, 300, 0, 0, 2000, List.of()));
        assertTrue(notFound.requests() > 0);
        assertEquals(notFound.requests(), notFound.errors());
        assertEquals("HTTP 404", notFound.lastError());

        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        HttpLoadStatus refused = run(new HttpLoadStart("http://127.0.0.1:" + closed + "/", 1, 300, 0, 0, 2000, List.of()));
        assertEquals(0, refused.requests());
        assertTrue(refused.errors() > 0);
        assertNotNull(refused.lastError());
        assertTrue(refused.lastError().contains("refused"), refused.lastError());
    }

    @Test
    void withCoresEachConnectionsThreadIsPinnedThere() throws Exception {
        dev.labdeck.testkit.Prerequisites.requireLinux();
        CompletableFuture<HttpLoadStatus> done = new CompletableFuture<>();
        HttpLoad load = new HttpLoad(new HttpLoadStart(url("/"), 2, 1500, 0, 0, 2000, List.of(0)), done::complete);
        load.start();
        // the kernel's own view: every http-load thread of this JVM may run on core 0 only
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        List<String> allowed = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + 5_000_000_000L;
        // a thread pins itself as it starts: wait until both have
        while (!allowed.equals(List.of("0", "0")) && System.nanoTime() < deadline) {
            allowed.clear();
            try (var ts = java.nio.file.Files.list(tasks)) {
                for (java.nio.file.Path t : ts.toList()) {
                    try {
                        if (java.nio.file.Files.readString(t.resolve("comm")).startsWith("http-load-")) {
                            allowed.add(java.nio.file.Files.readAllLines(t.resolve("status")).stream()
                                    .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow()
                                    .split(":")[1].trim());
                        }
                    } catch (IOException gone) {
                        // the thread ended while we looked
                    }
                }
            }
        }
        HttpLoadStatus s = done.get(20, TimeUnit.SECONDS);
        assertEquals(List.of("0", "0"), allowed, "status: " + s);
        assertTrue(s.requests() > 0, "no requests: " + s);
        assertEquals(0, s.errors(), s.lastError());
    }
}
