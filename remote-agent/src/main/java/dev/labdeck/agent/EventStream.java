package dev.labdeck.agent;

import dev.labdeck.agent.http.Reply;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One subscriber of {@code /v1/events}: server-sent events named {@code sample} (data: a list of
 * Sample) and {@code event} (data: an AgentEvent). A subscriber that cannot keep up loses its
 * oldest messages rather than slowing the agent down.
 */
final class EventStream implements Reply.StreamWriter {
    private static final int QUEUE = 4096;
    private static final long KEEPALIVE_MS = 15_000;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AgentEvents events;
    private final SampleTicker ticker;

    EventStream(AgentEvents events, SampleTicker ticker) {
        this.events = events;
        this.ticker = ticker;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException, InterruptedException {
        try (AutoCloseable e = events.subscribe(ev -> offer(Api.SSE_EVENT, ev));
             AutoCloseable s = ticker.subscribe(samples -> offer(Api.SSE_SAMPLE, samples))) {
            out.write(": labdeck agent event stream\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                byte[] message = queue.poll(KEEPALIVE_MS, TimeUnit.MILLISECONDS);
                if (message == END) return;
                out.write(message == null ? ": keepalive\n\n".getBytes(StandardCharsets.UTF_8) : message);
                // batch what is already queued into one flush
                byte[] more;
                while ((more = queue.poll()) != null) {
                    if (more == END) {
                        out.flush();
                        return;
                    }
                    out.write(more);
                }
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** Ends the stream after what is queued, e.g. when the agent exits. */
    void end() {
        while (!queue.offer(END)) queue.poll();
    }

    boolean drained() {
        return queue.isEmpty();
    }

    private void offer(String name, Object data) {
        byte[] message;
        try {
            message = ("event: " + name + "\ndata: " + ProtocolJson.mapper().writeValueAsString(data) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + name, e);
        }
        while (!queue.offer(message)) queue.poll();
    }
}
