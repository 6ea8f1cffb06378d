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
        assertEquals(Map.of(), s.errorsByKind());
        // the answers whole: every page and, before each, its status line and headers
        assertTrue(s.rxBytes() > s.requests() * (PAGE.length + "HTTP/1.1 200 OK\r\n\r\n".length()), "rx bytes " + s.rxBytes());
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
        assertEquals(40 * 100, bodyBytes.get());
        // the requests whole: each body after its request line and headers
        assertTrue(s.txBytes() > 40 * (100 + "POST / HTTP/1.1\r\n\r\n".length()), "tx bytes " + s.txBytes());
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
        assertEquals(Map.of("status 404", notFound.errors()), notFound.errorsByKind());

        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        HttpLoadStatus refused = run(new HttpLoadStart("http://127.0.0.1:" + closed + "/", 1, 300, 0, 0, 2000, List.of()));
        assertEquals(0, refused.requests());
        assertTrue(refused.errors() > 0);
        assertNotNull(refused.lastError());
        assertTrue(refused.lastError().contains("refused"), refused.lastError());
        assertEquals(Map.of("connection refused", refused.errors()), refused.errorsByKind());
        assertEquals(0, refused.txBytes(), "no connection, nothing sent");
    }

    /**
     * The bytes the load counts are those its connections carried: a server on plain sockets counts
     * every byte it read from and wrote to them, and the load's tx and rx bytes equal those counts
     * exactly, for GETs and for POSTs with a body.
     */
    @Test
    void bytesSentAndReceivedAreWhatTheConnectionsCarriedAsTheServerCountedThem() throws Exception {
        try (RawHttpServer raw = new RawHttpServer()) {
            for (int requestBytes : List.of(0, 300)) {
                long readBefore = raw.read.get();
                long writtenBefore = raw.written.get();
                raw.answered.set(0);
                HttpLoadStatus s = run(new HttpLoadStart("http://127.0.0.1:" + raw.port() + "/", 3, 500, 0, requestBytes, 2000, List.of()));
                assertTrue(s.requests() > 0, "no requests: " + s.lastError());
                assertEquals(0, s.errors(), s.lastError());
                // the load closed its connections as it ended: the server has read to their end
                dev.labdeck.testkit.Eventually.await("the server to see every connection closed", java.time.Duration.ofSeconds(10),
                        () -> raw.open.get() == 0);
                assertEquals(s.requests(), raw.answered.get(), "requests the server answered");
                assertEquals(raw.read.get() - readBefore, s.txBytes(), "bytes the server read, POST of " + requestBytes);
                assertEquals(raw.written.get() - writtenBefore, s.rxBytes(), "bytes the server wrote, POST of " + requestBytes);
                assertTrue(s.txBytes() >= s.requests() * (requestBytes + 18L), "tx " + s.txBytes());
            }
        }
    }

    /**
     * HTTP/1.1 on plain sockets, counting every byte read from and written to them: keep-alive, one
     * 200 with a 6-byte body per request, a body read by its Content-Length.
     */
    private static final class RawHttpServer implements AutoCloseable {
        private static final byte[] ANSWER = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nhello\n"
                .getBytes(StandardCharsets.US_ASCII);
        final AtomicLong read = new AtomicLong();
        final AtomicLong written = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();
        private final ServerSocket socket = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());

        RawHttpServer() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        java.net.Socket c = socket.accept();
                        open.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(c));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve(java.net.Socket c) {
            try (c) {
                InputStream counted = new java.io.FilterInputStream(c.getInputStream()) {
                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        if (b >= 0) read.incrementAndGet();
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = super.read(buf, off, len);
                        if (n > 0) read.addAndGet(n);
                        return n;
                    }
                };
                java.io.BufferedInputStream in = new java.io.BufferedInputStream(counted);
                OutputStream out = c.getOutputStream();
                while (true) {
                    long length = 0;
                    StringBuilder line = new StringBuilder();
                    boolean any = false;
                    while (true) {
                        int b = in.read();
                        if (b < 0) {
                            // the client closed: read to the end, everything it sent is counted
                            in.transferTo(OutputStream.nullOutputStream());
                            return;
                        }
                        any = true;
                        if (b == '\n') {
                            String l = line.toString().trim();
                            if (l.isEmpty()) break;
                            if (l.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                                length = Long.parseLong(l.substring(l.indexOf(':') + 1).trim());
                            }
                            line.setLength(0);
                        } else {
                            line.append((char) b);
                        }
                    }
                    if (any) {
                        in.skipNBytes(length);
                        out.write(ANSWER);
                        out.flush();
                        written.addAndGet(ANSWER.length);
                        answered.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                // the client went away mid-request: what it sent so far is counted
            } finally {
                open.decrementAndGet();
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
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
