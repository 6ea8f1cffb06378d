package dev.labdeck.controller.live;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /events}: the run as server-sent events ({@code event: sample}, {@code phase},
 * {@code event}, {@code finished}), one queue per client. A client that cannot keep up loses its
 * connection rather than slowing the run; a comment every few seconds finds clients that left.
 */
final class SampleStream implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SampleStream.class);
    /** Messages a client may fall behind before it is dropped (minutes of samples of a small lab). */
    static final int BACKLOG = 20_000;
    private static final String END = "\u0000end";

    private final Set<BlockingQueue<String>> clients = ConcurrentHashMap.newKeySet();
    private volatile String last;
    private volatile boolean closed;

    /** Sends one event to every client; {@code json} must be one line. */
    void publish(String event, String json) {
        String message = "event: " + event + "\ndata: " + json + "\n\n";
        if ("finished".equals(event)) last = message;
        for (BlockingQueue<String> q : clients) {
            if (!q.offer(message)) {
                LOG.info("live export: a /events client fell {} messages behind; closing its stream", BACKLOG);
                clients.remove(q);
                q.clear();
                q.offer(END);
            }
        }
    }

    /** Ends every stream (after the finished event). */
    void close() {
        closed = true;
        for (BlockingQueue<String> q : clients) q.offer(END);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if (!"GET".equals(ex.getRequestMethod())) {
            ex.sendResponseHeaders(405, -1);
            ex.close();
            return;
        }
        BlockingQueue<String> q = new ArrayBlockingQueue<>(BACKLOG);
        clients.add(q);
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(": LabDeck live run stream\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            String done = last;
            if (closed && done != null) {
                out.write(done.getBytes(StandardCharsets.UTF_8));
                return;
            }
            while (true) {
                String m = q.poll(5, TimeUnit.SECONDS);
                if (m == null) {
                    out.write(":\n\n".getBytes(StandardCharsets.UTF_8)); // keep-alive; fails once the client left
                } else if (m.equals(END)) {
                    return;
                } else {
                    out.write(m.getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
            }
        } catch (IOException gone) {
            LOG.debug("live export: a /events client left: {}", gone.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            clients.remove(q);
            ex.close();
        }
    }
}
