package dev.labdeck.agent;

import dev.labdeck.protocol.AgentEvent;
import dev.labdeck.protocol.EventLevel;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one event publisher: what features publish here reaches every event stream
 * subscriber (and the agent's log) as it happens.
 */
public final class AgentEvents {
    private static final Logger log = LoggerFactory.getLogger(AgentEvents.class);
    private final CopyOnWriteArrayList<Consumer<AgentEvent>> listeners = new CopyOnWriteArrayList<>();

    public void publish(AgentEvent event) {
        switch (event.level()) {
            case ERROR -> log.error("event {}: {} {}", event.kind(), event.message(), event.data());
            case WARN -> log.warn("event {}: {} {}", event.kind(), event.message(), event.data());
            case INFO -> log.info("event {}: {} {}", event.kind(), event.message(), event.data());
        }
        for (Consumer<AgentEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                log.warn("event listener failed", e);
            }
        }
    }

    public void info(String kind, String message, Map<String, String> data) {
        publish(new AgentEvent(System.currentTimeMillis(), EventLevel.INFO, kind, message, data == null ? Map.of() : data));
    }

    public void warn(String kind, String message, Map<String, String> data) {
        publish(new AgentEvent(System.currentTimeMillis(), EventLevel.WARN, kind, message, data == null ? Map.of() : data));
    }

    public void error(String kind, String message, Map<String, String> data) {
        publish(new AgentEvent(System.currentTimeMillis(), EventLevel.ERROR, kind, message, data == null ? Map.of() : data));
    }

    /** Listeners run on the publisher's thread and must not block; close the handle to leave. */
    public AutoCloseable subscribe(Consumer<AgentEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
