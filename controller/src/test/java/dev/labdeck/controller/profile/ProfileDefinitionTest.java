package dev.labdeck.controller.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.labdeck.protocol.AgentLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The definition on the model records: keys, defaults, bounds and words, as every consumer sees them. */
class ProfileDefinitionTest {

    @Test
    void trafficKeysInTheOrderTheyAreWritten() {
        // the first keys keep their order; keys added later come after them (so adding one changes nothing here)
        assertEquals(List.of("source", "sink", "destination", "flows", "ports", "rate_pps", "packet_size", "duration",
                "warmup", "cooldown"), ProfileDefinition.keys(TrafficSpec.class).subList(0, 10));
        assertEquals(List.of("name", "description", "agent", "hosts", "links", "xdp", "traffic", "monitoring",
                "results", "thresholds", "baseline"), ProfileDefinition.keys(Profile.class).subList(0, 11));
    }

    @Test
    void theAgentsLimitsAreTheDefinitionsBounds() {
        ProfileDefinition.Field rate = ProfileDefinition.field(TrafficSpec.class, "rate_pps");
        assertEquals(AgentLimits.MAX_PPS, rate.max());
        ProfileDefinition.Field size = ProfileDefinition.field(TrafficSpec.class, "packet_size");
        assertEquals(AgentLimits.MIN_PAYLOAD_BYTES, size.min());
        assertEquals(AgentLimits.MAX_PAYLOAD_BYTES, size.max());
        assertEquals(AgentLimits.MAX_PORT, ProfileDefinition.field(TrafficSpec.class, "ports").max());
    }

    @Test
    void buildFillsEveryDefaultOnce() {
        TrafficSpec t = ProfileDefinition.build(TrafficSpec.class, Map.of("source", "a", "sink", "b",
                "destination", "10.0.0.2", "flows", 1, "ports", List.of(9000)));
        assertEquals(new TrafficSpec("a", "b", "10.0.0.2", 1, List.of(9000), 1000, 64, Duration.ofSeconds(10),
                Duration.ZERO, Duration.ZERO), t);
        assertEquals(new AgentSettings(8080, "127.0.0.1", Duration.ofSeconds(10), false), AgentSettings.defaults());
        assertEquals(1000L, ProfileDefinition.orElse(TrafficSpec.class, "rate_pps"));
    }

    @Test
    void withChangesOneKeyAndKeepsTheRest() {
        TrafficSpec t = new TrafficSpec("a", "b", "lab:dst.data", 2, List.of(1, 2), 5000, 128, Duration.ofSeconds(3),
                Duration.ofMillis(500), Duration.ZERO);
        assertEquals(new TrafficSpec("a", "b", "10.0.0.2", 2, List.of(1, 2), 5000, 128, Duration.ofSeconds(3),
                Duration.ofMillis(500), Duration.ZERO), t.with("destination", "10.0.0.2"));
        assertThrows(IllegalArgumentException.class, () -> t.with("rate", 1));
    }

    @Test
    void closedSetsAreEnumsWithTheirWords() {
        assertEquals(List.of("TERM", "INT", "KILL", "HUP", "QUIT", "USR1", "USR2"),
                ProfileDefinition.words(StopSignal.class));
        assertEquals(StopSignal.USR2, ProfileWord.of(StopSignal.class, "sigusr2"));
        assertEquals(BaselineKind.WITHOUT_XDP, ProfileWord.of(BaselineKind.class, "without_xdp"));
        assertEquals(List.of("native", "generic", "offload"), ProfileDefinition.words(XdpMode.class));
        assertEquals(List.of("pass", "drop", "tx"), ProfileDefinition.words(XdpAction.class));
        assertEquals(List.of("cpu", "memory", "network", "xdp", "dpdk"), ProfileDefinition.words(MetricGroup.class));
        assertEquals(List.of("json", "csv", "html", "junit"), ProfileDefinition.words(ResultFormat.class));
    }
}
