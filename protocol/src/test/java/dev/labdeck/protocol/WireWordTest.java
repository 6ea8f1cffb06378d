package dev.labdeck.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The words the protocol's closed sets are on the wire: what an agent of another version and a
 * script reading events.jsonl see. Written out here, so a change of spelling fails.
 */
class WireWordTest {

    @Test
    void eachSetIsWrittenInItsWordsAndReadBackInAnyCase() throws Exception {
        check(TrafficState.class, TrafficState::of, List.of("idle", "running", "done", "stopped", "error"));
        check(SinkState.class, SinkState::of, List.of("idle", "running", "stopped", "error"));
        check(ServiceState.class, ServiceState::of, List.of("starting", "ready", "exited", "stopped", "failed"));
        check(EventLevel.class, EventLevel::of, List.of("info", "warn", "error"));
        check(MetricGroup.class, MetricGroup::of, List.of("cpu", "memory", "network", "xdp", "dpdk"));
    }

    @Test
    void inARecordAndAsAMapKeyTheWordIsTheSame() throws Exception {
        AgentEvent e = new AgentEvent(1, EventLevel.WARN, "deadman", "m", Map.of());
        assertEquals("{\"time_ms\":1,\"level\":\"warn\",\"kind\":\"deadman\",\"message\":\"m\",\"data\":{}}",
                ProtocolJson.mapper().writeValueAsString(e));
        assertEquals(e, ProtocolJson.mapper().readValue("{\"time_ms\":1,\"level\":\"WARN\",\"kind\":\"deadman\",\"message\":\"m\",\"data\":{}}",
                AgentEvent.class));
        Map<ServiceState, Integer> byState = new TreeMap<>(Map.of(ServiceState.READY, 1, ServiceState.FAILED, 2));
        String json = ProtocolJson.mapper().writeValueAsString(byState);
        assertEquals("{\"ready\":1,\"failed\":2}", json);
        assertEquals(byState, ProtocolJson.mapper().readValue(json, new TypeReference<Map<ServiceState, Integer>>() {}));
    }

    @Test
    void aWordOutsideTheSetIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TrafficState.of("paused"));
        assertThrows(Exception.class, () -> ProtocolJson.mapper().readValue("\"paused\"", SinkState.class));
    }

    private static <E extends Enum<E>> void check(Class<E> type, Function<String, E> of, List<String> words) throws Exception {
        E[] all = type.getEnumConstants();
        assertEquals(words, Arrays.stream(all).map(Object::toString).toList(), type + ": toString is the wire word");
        for (int i = 0; i < all.length; i++) {
            String word = words.get(i);
            assertEquals("\"" + word + "\"", ProtocolJson.mapper().writeValueAsString(all[i]), type + " " + all[i]);
            assertEquals(all[i], ProtocolJson.mapper().readValue("\"" + word + "\"", type));
            assertEquals(all[i], ProtocolJson.mapper().readValue("\"" + word.toUpperCase(java.util.Locale.ROOT) + "\"", type));
            assertEquals(all[i], of.apply(word));
            assertEquals(all[i], of.apply(word.toUpperCase(java.util.Locale.ROOT)));
            assertTrue(type.getMethod("json").invoke(all[i]).equals(word), "json() is the word");
        }
    }
}
