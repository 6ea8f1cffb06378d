package dev.labdeck.controller.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.TrafficSummary;
import dev.labdeck.controller.engine.RunEngine;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end in the lab-in-a-box: {@code lab-in-a-box-udp.yaml} runs over real SSH into each
 * namespace, its packets cross the veth link (counted by the sink and, independently, by dst's
 * interface counters), and {@code lab down} leaves nothing of the lab behind.
 */
class LabUdpRunTest {

    private static JsonNode ipJson(String... args) throws Exception {
        Process p = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor();
        return ProtocolJson.mapper().readTree(out);
    }

    /** Packets counted by the kernel on an interface inside a namespace, read with {@code ip -s}. */
    private static long packets(String ns, String ifname, String direction) throws Exception {
        JsonNode links = ipJson("ip", "-n", ns, "-s", "-j", "link", "show", "dev", ifname);
        return links.get(0).path("stats64").path(direction).path("packets").asLong();
    }

    private static List<Long> pidsIn(String ns) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "pids", ns).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out.lines().map(String::strip).filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
    }

    @Test
    void udpFromSrcReachesDstOverTheVethLinkWithEveryHostOverSsh(@TempDir Path runs) throws Exception {
        Path agentJar = TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot()).agentJar();
        LabState s;
        try (LabFixture lab = LabFixture.up("lu1")) {
            s = lab.state();
            // lab hosts run the agent jar with this JVM's java (see LabResolver), so no bundle is needed
            Prerequisites.require(Files.isRegularFile(agentJar), "agent jar " + agentJar
                    + " not built (run ./mvnw package -DskipTests)");
            Profile p = lab.profile("profiles/lab-in-a-box-udp.yaml");
            for (HostSpec h : p.hosts()) {
                assertEquals(HostSpec.Transport.SSH, h.transport(), h.name());
                assertEquals(s.host(h.name()).orElseThrow().managementAddress(), h.address());
                assertEquals(s.userKey(), h.key());
            }
            assertEquals(s.dataLink().dst().address(), p.traffic().destination());

            String srcNs = s.dataLink().src().namespace();
            String dstNs = s.dataLink().dst().namespace();
            long dstRxBefore = packets(dstNs, "data0", "rx");
            long srcTxBefore = packets(srcNs, "data0", "tx");

            // a cold JVM's first SSH handshakes (three at once) can take seconds on a busy 2-core
            // machine; the default 10 s per step is for people, this test only wants the result
            TransportOptions transport = TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot())
                    .withConnectTimeout(Duration.ofSeconds(45));
            RunOptions options = RunOptions.defaults().withRunsRoot(runs).withTransport(transport);
            RunHandle run = RunEngine.start(p, options, null);
            RunSummary summary = run.await(Duration.ofSeconds(150));

            assertTrue(summary.passed(), "run " + summary.status() + ": " + summary.error() + " thresholds "
                    + summary.thresholds() + "; see " + run.runDirectory());
            assertEquals(3, summary.hosts().size(), "an agent on each of src, dst and memif");
            TrafficSummary t = summary.traffic();
            assertTrue(t.txPackets() > 0, "src sent nothing");
            assertEquals(t.txPackets(), t.rxPackets(), "the sink received every packet src sent");

            // the summary's own count of the link, by dst's kernel, read by dst's agent
            JsonNode link = summary.sections().get("links").path("data");
            assertEquals("dst", link.path("b").path("host").asText());
            assertEquals(t.rxPackets(), link.path("b").path("rx_packets").asLong(), "summary: links.data.b.rx_packets");
            assertEquals(t.txPackets(), link.path("a").path("tx_packets").asLong(), "summary: links.data.a.tx_packets");

            long dstRx = packets(dstNs, "data0", "rx") - dstRxBefore;
            long srcTx = packets(srcNs, "data0", "tx") - srcTxBefore;
            // only the test's packets cross the link (no ARP: static neighbours; no IPv6 chatter)
            assertEquals(t.txPackets(), srcTx, "src's data0 tx counter");
            assertEquals(t.rxPackets(), dstRx, "dst's data0 rx counter");
            assertTrue(Files.isRegularFile(run.runDirectory().resolve("summary.json")));

            // teardown left no agent: only the lab's own sshd runs in each namespace
            for (LabHost h : s.hosts()) {
                assertEquals(List.of(h.sshdPid()), pidsIn(h.namespace()), "processes left in " + h.namespace());
            }

            assertTrue(lab.labs().up(lab.name(), null).alreadyUp(), "a second lab up finds the lab up");
            assertFalse(lab.down().nothingToRemove());
            assertTrue(lab.labs().down(lab.name()).nothingToRemove(), "a second lab down finds nothing");
        }
        String prefix = s.name() + "-";
        assertTrue(ipJson("ip", "-j", "netns", "list").findValuesAsText("name").stream().noneMatch(n -> n.startsWith(prefix)),
                "namespaces left");
        assertTrue(ipJson("ip", "-j", "link", "show").findValuesAsText("ifname").stream().noneMatch(n -> n.startsWith(prefix)),
                "interfaces left");
        for (LabHost h : s.hosts()) {
            assertTrue(ProcessHandle.of(h.sshdPid()).isEmpty(), "sshd of " + h.name() + " left");
        }
        assertFalse(Files.exists(LabPaths.ofUser().labDir(s.name())), "lab directory left");
    }
}
