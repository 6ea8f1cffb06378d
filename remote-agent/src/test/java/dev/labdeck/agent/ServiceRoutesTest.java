package dev.labdeck.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.protocol.ServiceState;
import dev.labdeck.nativeio.ProcessSignals;
import dev.labdeck.protocol.AgentInfo;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.Capability;
import dev.labdeck.protocol.ReadinessProbe;
import dev.labdeck.protocol.ServiceStart;
import dev.labdeck.protocol.ServiceStatus;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Services through a real agent process over HTTP: start, state, errors, and nothing left after the agent goes. */
class ServiceRoutesTest {
    @TempDir
    Path dir;

    private static ServiceStart family(String name) {
        // a shell with a background child: both must go when the agent stops the run
        return new ServiceStart(name, List.of("sh", "-c", "sleep 300 & echo up; wait"), null, Map.of(), List.of(),
                new ReadinessProbe.LogLine("^up$"), 5000, "TERM", 1000);
    }

    private static ServiceStatus awaitReady(AgentProcess agent, String name) throws Exception {
        ServiceStatus s = Eventually.value("service " + name + " to leave starting", Duration.ofSeconds(15),
                () -> AgentProcess.read(agent.get(Api.SERVICES + "/" + name), ServiceStatus.class),
                status -> status.state() != ServiceState.STARTING);
        assertEquals(ServiceState.READY, s.state(), s.toString());
        return s;
    }

    private static void awaitGroupGone(long pgid) throws Exception {
        Eventually.await("process group " + pgid + " to end with the agent's run", Duration.ofSeconds(10),
                () -> !ProcessSignals.groupAlive(pgid));
    }

    @Test
    void startsListsAndStopsAServiceAndShutdownLeavesNoProcess() throws Exception {
        Prerequisites.requireLinux();
        Prerequisites.requireCommand("setsid", "util-linux");
        try (AgentProcess agent = AgentProcess.start(dir, "--heartbeat-timeout-ms", "0")) {
            AgentInfo info = AgentProcess.read(agent.get(Api.INFO), AgentInfo.class);
            assertTrue(info.capabilities().containsAll(List.of(Capability.SERVICES, Capability.CPU_AFFINITY,
                    Capability.DPDK_TELEMETRY)), info.toString());

            HttpResponse<String> created = agent.post(Api.SERVICES, family("one"));
            assertEquals(201, created.statusCode(), created.body());
            assertEquals(ServiceState.STARTING, AgentProcess.read(created, ServiceStatus.class).state());
            long one = awaitReady(agent, "one").pid();
            assertEquals(409, agent.post(Api.SERVICES, family("one")).statusCode(), "a running name is refused");

            ServiceStatus stopped = AgentProcess.read(agent.delete(Api.SERVICES + "/one"), ServiceStatus.class);
            assertEquals(ServiceState.STOPPED, stopped.state());
            assertEquals("TERM", stopped.signal());
            assertFalse(ProcessSignals.groupAlive(one));

            long two = AgentProcess.read(agent.post(Api.SERVICES, family("two")), ServiceStatus.class).pid();
            awaitReady(agent, "two");
            List<?> all = AgentProcess.read(agent.get(Api.SERVICES), List.class);
            assertEquals(2, all.size());

            assertEquals(202, agent.post(Api.SHUTDOWN, "").statusCode());
            assertTrue(agent.awaitExit(Duration.ofSeconds(15)), "agent did not exit");
            awaitGroupGone(two);
        }
    }

    @Test
    void theDeadManSwitchStopsServices() throws Exception {
        Prerequisites.requireLinux();
        Prerequisites.requireCommand("setsid", "util-linux");
        try (AgentProcess agent = AgentProcess.start(dir, "--heartbeat-timeout-ms", "6000")) {
            assertEquals(2, agent.post(Api.HEARTBEAT, "").statusCode() / 100, "re-armed from now");
            long pid = AgentProcess.read(agent.post(Api.SERVICES, family("orphan")), ServiceStatus.class).pid();
            assertTrue(ProcessHandle.of(pid).isPresent(), "the service runs");
            // no heartbeat: the agent stops everything and exits by itself
            assertTrue(agent.awaitExit(Duration.ofSeconds(20)), "dead-man switch did not fire");
            awaitGroupGone(pid);
        }
    }

    @Test
    void badRequestsAreAnsweredWithTheReason() throws Exception {
        Prerequisites.requireLinux();
        try (AgentProcess agent = AgentProcess.start(dir, "--heartbeat-timeout-ms", "0")) {
            HttpResponse<String> missing = agent.post(Api.SERVICES, new ServiceStart("ghost", List.of("no-such-binary-ld"),
                    null, Map.of(), List.of(), null, 1000, null, 0));
            assertEquals(422, missing.statusCode());
            assertTrue(missing.body().contains("service ghost: command not found: no-such-binary-ld"), missing.body());
            assertEquals(404, agent.get(Api.SERVICES + "/nobody").statusCode());
            assertEquals(404, agent.delete(Api.SERVICES + "/nobody").statusCode());
            assertEquals(400, agent.post(Api.SERVICES, new ServiceStart("bad name!", List.of("true"), null, Map.of(),
                    List.of(), null, 1000, null, 0)).statusCode());
        }
    }
}
