package dev.labdeck.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.agent.xdp.XdpAttachments;
import dev.labdeck.protocol.AgentInfo;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.Capability;
import dev.labdeck.protocol.FlowCounters;
import dev.labdeck.protocol.RunSession;
import dev.labdeck.protocol.XdpAttachRequest;
import dev.labdeck.protocol.XdpAttachment;
import dev.labdeck.protocol.XdpCounters;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import dev.labdeck.testkit.VethPair;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real agent process attaching XDP to a real veth over its HTTP API, and leaving nothing behind when it stops. */
class XdpAgentProcessTest {
    @TempDir
    Path dir;

    @BeforeEach
    void gate() {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("ip", "iproute2");
        Prerequisites.require(XdpAttachments.unavailableReason() == null, "XDP: " + XdpAttachments.unavailableReason());
    }

    @Test
    void attachesOverHttpCountsAndDetachesOnShutdown() throws Exception {
        try (VethPair veth = VethPair.create(true); AgentProcess agent = AgentProcess.start(dir, "--heartbeat-timeout-ms", "0")) {
            AgentInfo info = AgentProcess.read(agent.get(Api.INFO), AgentInfo.class);
            assertTrue(info.capabilities().contains(Capability.XDP), info.toString());

            HttpResponse<String> notElf = agent.send(agent.request(Api.XDP_OBJECTS).header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("hello, not an object")).build());
            assertEquals(400, notElf.statusCode());
            assertTrue(notElf.body().contains("not an ELF object"), notElf.body());

            HttpResponse<String> noIface = agent.post(Api.XDP_ATTACHMENTS,
                    new XdpAttachRequest("ldxnope0", "builtin:count", null, "native", false, "pass"));
            assertEquals(404, noIface.statusCode());
            assertTrue(noIface.body().contains("no network interface 'ldxnope0'"), noIface.body());

            HttpResponse<String> attached = agent.post(Api.XDP_ATTACHMENTS,
                    new XdpAttachRequest(veth.outer, "builtin:count", null, "native", false, "pass"));
            assertEquals(201, attached.statusCode(), attached.body());
            XdpAttachment a = AgentProcess.read(attached, XdpAttachment.class);
            assertEquals("native", a.mode());
            assertTrue(veth.ipLink().contains("xdp"));

            veth.send(List.of(12346), 40);
            XdpCounters c = Eventually.value("the builtin to count 40 packets", Duration.ofSeconds(10),
                    () -> AgentProcess.read(agent.get(Api.XDP_ATTACHMENTS + "/" + a.id() + "/counters"), XdpCounters.class),
                    counters -> counters.flows().stream().mapToLong(FlowCounters::packets).sum() >= 40);
            assertEquals(List.of(new FlowCounters(-1, 12346, 40, 40 * 43, 0, 0, 0)), c.flows());

            assertEquals(202, agent.post(Api.SHUTDOWN, "").statusCode());
            assertTrue(agent.awaitExit(Duration.ofSeconds(15)), "agent exits after shutdown");
            assertFalse(veth.ipLink().contains("xdp"), "shutdown detached: " + veth.ipLink());
        }
    }

    @Test
    void deadManSwitchDetachesWhatTheAgentAttached() throws Exception {
        try (VethPair veth = VethPair.create(true); AgentProcess agent = AgentProcess.start(dir, "--heartbeat-timeout-ms", "0")) {
            // as the controller does: the session arms the switch; heartbeats keep the agent alive
            // while it attaches (slow on a loaded machine), then stop
            assertEquals(200, agent.post(Api.SESSION, new RunSession("xdp-deadman", 1000, 3000)).statusCode());
            AtomicBoolean beating = new AtomicBoolean(true);
            Thread heart = Thread.ofVirtual().start(() -> {
                while (beating.get()) {
                    try {
                        agent.post(Api.HEARTBEAT, "");
                        Thread.sleep(300);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            HttpResponse<String> attached;
            try {
                attached = agent.post(Api.XDP_ATTACHMENTS,
                        new XdpAttachRequest(veth.outer, "builtin:count", null, "native", false, "drop"));
            } finally {
                beating.set(false);
                heart.join();
            }
            assertEquals(201, attached.statusCode(), attached.body());
            assertTrue(veth.ipLink().contains("xdp"));
            // no heartbeat from here on: the switch fires, the agent detaches and exits by itself
            assertTrue(agent.awaitExit(Duration.ofSeconds(20)), "agent exits when the dead-man switch fires");
            assertFalse(veth.ipLink().contains("xdp"), "dead-man switch detached: " + veth.ipLink());
        }
    }

    @Test
    void anAgentKilledWithoutDetachingIsReportedByTheNextAgentAtStart() throws Exception {
        try (VethPair veth = VethPair.create(true)) {
            XdpAttachment a;
            Path firstDir = Files.createDirectories(dir.resolve("first"));
            try (AgentProcess first = AgentProcess.start(firstDir, "--heartbeat-timeout-ms", "0")) {
                a = AgentProcess.read(first.post(Api.XDP_ATTACHMENTS,
                        new XdpAttachRequest(veth.outer, "builtin:count", null, "native", false, "pass")), XdpAttachment.class);
                first.process.destroyForcibly().waitFor(); // kill -9: no chance to detach
            }
            assertTrue(veth.ipLink().contains("xdp"), "the kernel keeps the program of a killed agent");

            Path second = Files.createDirectories(dir.resolve("second"));
            try (AgentProcess next = AgentProcess.start(second, "--heartbeat-timeout-ms", "0")) {
                AgentInfo info = AgentProcess.read(next.get(Api.INFO), AgentInfo.class);
                assertTrue(info.warnings().stream().anyMatch(w -> w.contains(veth.outer) && w.contains("id " + a.programId())
                        && w.contains("ip link set dev " + veth.outer + " xdp off")), info.warnings().toString());
            } finally {
                VethPair.run("ip", "link", "set", "dev", veth.outer, "xdp", "off");
            }
        }
    }
}
