package dev.labdeck.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.agent.xdp.XdpAttachments;
import dev.labdeck.protocol.AgentInfo;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.Capability;
import dev.labdeck.protocol.FlowCounters;
import dev.labdeck.protocol.XdpAttachRequest;
import dev.labdeck.protocol.XdpAttachment;
import dev.labdeck.protocol.XdpCounters;
import dev.labdeck.testkit.Prerequisites;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
        try (Veth veth = Veth.create(); AgentProcess agent = AgentProcess.start(dir, "--heartbeat-timeout-ms", "0")) {
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

            veth.send(12346, 40);
            XdpCounters c = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                c = AgentProcess.read(agent.get(Api.XDP_ATTACHMENTS + "/" + a.id() + "/counters"), XdpCounters.class);
                if (c.flows().stream().mapToLong(FlowCounters::packets).sum() >= 40) break;
                Thread.sleep(20);
            }
            assertEquals(List.of(new FlowCounters(-1, 12346, 40, 40 * 43, 0, 0, 0)), c.flows());

            assertEquals(202, agent.post(Api.SHUTDOWN, "").statusCode());
            assertTrue(agent.awaitExit(Duration.ofSeconds(15)), "agent exits after shutdown");
            assertFalse(veth.ipLink().contains("xdp"), "shutdown detached: " + veth.ipLink());
        }
    }

    @Test
    void deadManSwitchDetachesWhatTheAgentAttached() throws Exception {
        try (Veth veth = Veth.create(); AgentProcess agent = AgentProcess.start(dir, "--heartbeat-timeout-ms", "5000")) {
            assertEquals(204, agent.post(Api.HEARTBEAT, "").statusCode());
            HttpResponse<String> attached = agent.post(Api.XDP_ATTACHMENTS,
                    new XdpAttachRequest(veth.outer, "builtin:count", null, "native", false, "drop"));
            assertEquals(201, attached.statusCode(), attached.body());
            assertTrue(veth.ipLink().contains("xdp"));
            // no heartbeat from here on: the switch fires, the agent detaches and exits by itself
            assertTrue(agent.awaitExit(Duration.ofSeconds(20)), "agent exits when the dead-man switch fires");
            assertFalse(veth.ipLink().contains("xdp"), "dead-man switch detached: " + veth.ipLink());
        }
    }

    /** A veth pair with one end in a namespace of its own; XDP goes on the outer end. */
    private record Veth(String namespace, String outer, String inner, String outerAddress) implements AutoCloseable {
        static Veth create() throws IOException {
            String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
            int octet = ThreadLocalRandom.current().nextInt(1, 254);
            Veth v = new Veth("ldxns" + id, "ldx" + id + "o", "ldx" + id + "i", "10.198." + octet + ".1");
            try {
                run("ip", "netns", "add", v.namespace);
                run("ip", "link", "add", v.outer, "type", "veth", "peer", "name", v.inner, "netns", v.namespace);
                run("ip", "addr", "add", v.outerAddress + "/30", "dev", v.outer);
                run("ip", "link", "set", v.outer, "up");
                run("ip", "-n", v.namespace, "addr", "add", "10.198." + octet + ".2/30", "dev", v.inner);
                run("ip", "-n", v.namespace, "link", "set", v.inner, "up");
                String mac = run("cat", "/sys/class/net/" + v.outer + "/address").strip();
                run("ip", "-n", v.namespace, "neigh", "replace", v.outerAddress, "lladdr", mac, "dev", v.inner, "nud", "permanent");
            } catch (IOException | RuntimeException e) {
                v.close();
                throw e;
            }
            return v;
        }

        void send(int port, int count) throws IOException {
            run("ip", "netns", "exec", namespace, "bash", "-c",
                    "for i in $(seq 1 " + count + "); do printf x > /dev/udp/" + outerAddress + "/" + port + "; done");
        }

        String ipLink() throws IOException {
            return run("ip", "link", "show", "dev", outer);
        }

        @Override
        public void close() {
            try {
                run("ip", "link", "del", outer);
            } catch (IOException e) {
                // already gone with the namespace
            }
            try {
                run("ip", "netns", "del", namespace);
            } catch (IOException e) {
                // nothing to clean
            }
        }

        static String run(String... command) throws IOException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IOException(String.join(" ", command) + " failed: " + out);
                }
                return out;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
