package dev.labdeck.controller.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.XdpSpec;
import dev.labdeck.protocol.AgentInfo;
import dev.labdeck.protocol.Capability;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class PreflightChecksTest {

    private static AgentInfo agent(int protocol, List<String> caps, List<String> unavailable) {
        return new AgentInfo("0.1.0", protocol, "h", "Linux", "12", "6.1", "x86_64", 4, "25", 1, 0, caps, unavailable, List.of());
    }

    @Test
    void aSinkHostWithoutXdpIsToldWhyBeforeAnythingChanges() {
        Profile loop = LoopbackRuns.profile("p", "127.0.0.1", 1, Duration.ofSeconds(1), List.of());
        Profile withXdp = new Profile(loop.name(), null, null, loop.form(), loop.agent(), loop.hosts(), List.of(),
                List.of(new XdpSpec("local", "lo", "builtin:count", null, "native", false, "pass")), loop.traffic(),
                loop.monitoring(), loop.results(), List.of(), null);
        HostSpec host = withXdp.hosts().getFirst();
        List<String> problems = Preflight.capabilityProblems(withXdp, host,
                agent(1, List.of(Capability.TRAFFIC_SOURCE, Capability.TRAFFIC_SINK), List.of("xdp: not Linux")));
        assertEquals(List.of("needs xdp but it is unavailable (xdp: not Linux)"), problems);
    }

    @Test
    void anAgentOfAnotherProtocolAndWithoutTrafficIsRefused() {
        Profile loop = LoopbackRuns.profile("p", "127.0.0.1", 1, Duration.ofSeconds(1), List.of());
        List<String> problems = Preflight.capabilityProblems(loop, loop.hosts().getFirst(), agent(2, List.of(), List.of()));
        assertEquals(3, problems.size(), problems.toString());
        assertEquals("the agent speaks protocol 2, this controller 1; rebuild LabDeck so both come from the same version",
                problems.get(0));
        assertEquals("needs traffic.source but the agent does not offer it", problems.get(1));
    }

    @Test
    void aHostWithWhatItNeedsHasNoProblems() {
        Profile loop = LoopbackRuns.profile("p", "127.0.0.1", 1, Duration.ofSeconds(1), List.of());
        assertEquals(List.of(), Preflight.capabilityProblems(loop, loop.hosts().getFirst(),
                agent(1, List.of(Capability.TRAFFIC_SOURCE, Capability.TRAFFIC_SINK, Capability.METRICS), List.of())));
    }
}
