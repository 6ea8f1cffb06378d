package dev.labdeck.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.labdeck.agent.refusal.FeatureException;
import dev.labdeck.protocol.ErrorResponse;
import dev.labdeck.protocol.ProtocolJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/1.1 front of the agent on the JDK's built-in server, one virtual thread per exchange.
 * Every request is authenticated, routed, its body bounded, and every failure answered as JSON.
 */
public final class AgentHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentHttpServer.class);
    private static final String JSON = "application/json";
    /** A refused oversized body is read and discarded up to this much, so the client sees the 413. */
    private static final long DISCARD_LIMIT = 64L << 20;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Router router;
    private final BearerToken token;
    private volatile Runnable onAuthorized = () -> {};

    /** The JDK server's own limit on reading a request (headers and body), read once per process. */
    static final String MAX_REQUEST_TIME_PROPERTY = "sun.net.httpserver.maxReqTime";

    /**
     * @param requestTimeoutS a request's headers and body must arrive within this many seconds;
     *                        the JDK reads the limit once per process, so the first server's counts
     */
    public AgentHttpServer(InetSocketAddress address, Router router, BearerToken token, int requestTimeoutS) throws IOException {
        if (System.getProperty(MAX_REQUEST_TIME_PROPERTY) == null) {
            System.setProperty(MAX_REQUEST_TIME_PROPERTY, Integer.toString(requestTimeoutS));
        }
        this.router = router;
        this.token = token;
        this.server = HttpServer.create(address, 128);
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-", 0).factory());
        server.setExecutor(executor);
        server.createContext("/", this::serve);
    }

    public void start() {
        server.start();
    }

    /** Runs on every request that carries the right token (the dead-man switch counts them as signs of life). */
    public void onAuthorized(Runnable hook) {
        this.onAuthorized = hook;
    }

    /** The bound address; with port 0 the port the system chose. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void serve(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Runnable after = null;
        try (exchange) {
            try {
                after = dispatch(exchange, method, path);
            } catch (HttpStatusException e) {
                sendError(exchange, e.status(), e.code(), e.getMessage());
            } catch (FeatureException e) {
                HttpStatusException status = HttpStatusException.of(e);
                sendError(exchange, status.status(), status.code(), e.getMessage());
            } catch (IOException e) {
                // the client went away (e.g. an event stream closed); nothing left to answer
                log.debug("{} {}: connection ended: {}", method, path, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                log.error("{} {} failed", method, path, e);
                sendError(exchange, 500, "internal_error", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        if (after != null) after.run();
    }

    /** Serves the request; returns what must run once the answer is sent, or null. */
    private Runnable dispatch(HttpExchange exchange, String method, String path) throws Exception {
        if (!token.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
            discard(exchange.getRequestBody(), DISCARD_LIMIT);
            throw new HttpStatusException(401, "unauthorized", "missing or wrong bearer token (Authorization: Bearer <token>)");
        }
        onAuthorized.run();
        Route route;
        Request request;
        switch (router.match(method, path)) {
            case Router.Match.NotFound _ ->
                    throw HttpStatusException.notFound("no such endpoint: " + path);
            case Router.Match.WrongMethod w -> {
                exchange.getResponseHeaders().set("Allow", String.join(", ", w.allowed()));
                throw new HttpStatusException(405, "method_not_allowed",
                        method + " is not allowed on " + path + "; allowed: " + String.join(", ", w.allowed()));
            }
            case Router.Match.Found f -> {
                route = f.route();
                byte[] body = readBody(exchange, route.maxBodyBytes());
                request = new Request(method, path, f.params(), exchange.getRequestURI().getRawQuery(), body);
            }
        }
        Reply reply = route.handler().handle(request);
        if (reply instanceof Reply.AndThen(Reply first, Runnable after)) {
            send(exchange, first);
            return after;
        }
        send(exchange, reply);
        return null;
    }

    private static byte[] readBody(HttpExchange exchange, long limit) throws IOException {
        InputStream in = exchange.getRequestBody();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw HttpStatusException.badRequest("bad Content-Length: " + declared);
            }
            if (length > limit) {
                discard(in, DISCARD_LIMIT);
                throw tooLarge(limit);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > limit) {
                discard(in, DISCARD_LIMIT);
                throw tooLarge(limit);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static HttpStatusException tooLarge(long limit) {
        return new HttpStatusException(413, "payload_too_large", "request body larger than " + limit + " bytes");
    }

    private static void discard(InputStream in, long limit) throws IOException {
        byte[] buf = new byte[65536];
        long total = 0;
        int n;
        while (total < limit && (n = in.read(buf)) > 0) total += n;
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException, InterruptedException {
        switch (reply) {
            case Reply.Json j -> sendJson(exchange, j.status(), j.body());
            case Reply.Empty e -> exchange.sendResponseHeaders(e.status(), -1);
            case Reply.AndThen a -> send(exchange, a.reply());
            case Reply.Stream s -> {
                exchange.getResponseHeaders().set("Content-Type", s.contentType());
                exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    s.writer().writeTo(out);
                }
            }
        }
    }

    private static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = ProtocolJson.mapper().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendError(HttpExchange exchange, int status, String code, String message) {
        try {
            sendJson(exchange, status, new ErrorResponse(code, message));
        } catch (IOException | RuntimeException e) {
            // headers may already be out (a failing stream); the connection is closed with the exchange
            log.debug("could not send error {} {}: {}", status, code, e.toString());
        }
    }
}
