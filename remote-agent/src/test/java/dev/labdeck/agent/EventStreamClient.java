package dev.labdeck.agent;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads {@code /v1/events} of an agent as (event name, data) pairs on a background thread. */
final class EventStreamClient implements AutoCloseable {
    record Message(String event, String data, long receivedNanos) {}

    /** Put in the queue when the stream ends. */
    static final Message END = new Message("", "", 0);

    final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final Stream<String> lines;

    EventStreamClient(AgentProcess agent) throws Exception {
        HttpResponse<Stream<String>> r = agent.http.send(
                agent.request(dev.labdeck.protocol.Api.EVENTS).timeout(Duration.ofMinutes(5)).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) throw new IllegalStateException("event stream answered " + r.statusCode());
        this.lines = r.body();
        this.reader = Thread.ofVirtual().start(() -> {
            String event = null;
            StringBuilder data = new StringBuilder();
            try {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data.append(line.substring(6));
                    } else if (line.isEmpty() && event != null) {
                        messages.add(new Message(event, data.toString(), System.nanoTime()));
                        event = null;
                        data.setLength(0);
                    }
                }
            } catch (RuntimeException e) {
                // the agent closed the connection
            }
            messages.add(END);
        });
    }

    /** The next message with this event name, or null when the deadline passes or the stream ends. */
    Message next(String event, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return null;
            Message m = messages.poll(left, TimeUnit.NANOSECONDS);
            if (m == null || m == END) return null;
            if (m.event().equals(event)) return m;
        }
    }

    @Override
    public void close() {
        lines.close();
        reader.interrupt();
    }
}
