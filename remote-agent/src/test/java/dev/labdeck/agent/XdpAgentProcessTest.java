package dev.labdeck.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.agent.xdp.XdpAttachments;
import dev.labdeck.protocol.AgentInfo;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.Capability;
import dev.labdeck.protocol.FlowCounters;
import dev.labdeck.protocol.ReadinessProbe;
import dev.labdeck.protocol.RunSession;
import dev.labdeck.protocol.ServiceStart;
import dev.labdeck.protocol.ServiceStatus;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    void anAgentKilledWithoutCleaningUpLeavesNothingOnceTheNextAgentStarts() throws Exception {
        try (VethPair veth = VethPair.create(true)) {
            XdpAttachment a;
            ProcessHandle service;
            ProcessHandle grandchild;
            Path firstDir = Files.createDirectories(dir.resolve("first"));
            Path firstState = firstDir.resolve("state");
            try (AgentProcess first = AgentProcess.start(firstDir, "--heartbeat-timeout-ms", "0")) {
                a = AgentProcess.read(first.post(Api.XDP_ATTACHMENTS,
                        new XdpAttachRequest(veth.outer, "builtin:count", null, "native", false, "pass")), XdpAttachment.class);
                ServiceStatus started = AgentProcess.read(first.post(Api.SERVICES, new ServiceStart("sleeper",
                        List.of("sh", "-c", "sleep 3600 & echo up; wait"), null, Map.of(), List.of(),
                        new ReadinessProbe.LogLine("up"), 10_000, null, 0)), ServiceStatus.class);
                service = ProcessHandle.of(started.pid()).orElseThrow();
                grandchild = awaitChild(service);
                first.process.destroyForcibly().waitFor(); // kill -9: no chance to detach or stop anything
            }
            assertTrue(veth.ipLink().contains("xdp"), "the kernel keeps the program of a killed agent");
            assertTrue(service.onExit().get(10, TimeUnit.SECONDS) != null, "the service dies with its agent (parent-death signal)");
            assertTrue(grandchild.isAlive(), "a process the service started is orphaned until a cleanup");
            assertTrue(Files.exists(firstState.resolve("journal.jsonl")));

            // the next agent on the host, in a sibling directory, cleans up before it answers anything
            try (AgentProcess next = AgentProcess.start(Files.createDirectories(dir.resolve("second")), "--heartbeat-timeout-ms", "0",
                    "--state-dir", firstDir.resolve("state-2").toString())) {
                AgentInfo info = AgentProcess.read(next.get(Api.INFO), AgentInfo.class);
                List<String> w = info.warnings();
                assertTrue(w.stream().anyMatch(x -> x.contains("removed") && x.contains(veth.outer) && x.contains("id " + a.programId())), w.toString());
                assertTrue(w.stream().anyMatch(x -> x.contains("removed") && x.contains("[" + grandchild.pid() + "]")), w.toString());
                assertTrue(w.stream().anyMatch(x -> x.contains("removed") && x.contains("runtime directory " + firstState)), w.toString());
            } finally {
                VethPair.run("ip", "link", "set", "dev", veth.outer, "xdp", "off");
            }
            assertFalse(veth.ipLink().contains("xdp"), veth.ipLink());
            assertTrue(grandchild.onExit().get(5, TimeUnit.SECONDS) != null);
            assertFalse(Files.exists(firstState), "runtime directory of the killed agent removed");
        }
    }

    private static ProcessHandle awaitChild(ProcessHandle parent) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var child = parent.children().findFirst();
            if (child.isPresent()) return child.get();
            Thread.sleep(20);
        }
        throw new AssertionError("service " + parent.pid() + " started no child within 10 s");
    }
}
