package dev.labdeck.controller.xdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.lab.LabFixture;
import dev.labdeck.controller.profile.BaselineKind;
import dev.labdeck.controller.profile.BaselineSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.TrafficSpec;
import dev.labdeck.controller.profile.XdpSpec;
import dev.labdeck.controller.results.FlowSummary;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.TrafficSummary;
import dev.labdeck.controller.engine.RunEngine;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.testkit.ClassFixture;
import dev.labdeck.testkit.Prerequisites;
import dev.labdeck.testkit.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end in the lab-in-a-box: {@code lab-in-a-box-xdp.yaml} over real SSH, LabDeck's builtin
 * program attached in native mode to dst's veth, 5 s of 50,000 pps in 4 flows. What XDP counted is
 * checked against what src sent, what the sink got against the action, and {@code ip link} (not
 * LabDeck) says no program is left on any lab interface afterwards.
 */
class XdpLabRunTest {
    @RegisterExtension
    static final ClassFixture<LabFixture> lab = LabFixture.perClass("xe2e");
    @TempDir
    static Path runs;

    @Test
    void passCountsEveryPacketPerFlowBesideTheBaselineWithoutXdp() throws Exception {
        Profile p = variant(lab.get().profile("profiles/lab-in-a-box-xdp.yaml"), "pass", true);
        RunSummary summary = run(p);

        TrafficSummary t = summary.traffic();
        assertTrue(t.txPackets() > 100_000, "src sent " + t.txPackets());
        assertEquals(t.txPackets(), t.rxPackets(), "with pass the sink receives every packet");

        JsonNode xdp = summary.sections().get("xdp");
        assertEquals(t.txPackets(), xdp.path("packets").asLong(), "XDP counted what src sent: " + xdp);
        assertEquals("native", xdp.path("attachments").get(0).path("mode").asText());
        List<FlowSummary> sent = t.perFlow();
        assertEquals(4, xdp.path("per_flow").size());
        for (int i = 0; i < sent.size(); i++) {
            JsonNode f = xdp.path("per_flow").get(i);
            assertEquals(sent.get(i).port(), f.path("port").asInt());
            assertEquals(sent.get(i).txPackets(), f.path("packets").asLong(), "flow " + i + " " + f);
        }
        assertEquals(t.rxPps(), xdp.path("rx_pps").asDouble());
        assertTrue(xdp.path("dst_cpu").path("per_core").size() > 0, xdp.toString());

        JsonNode baseline = summary.sections().get("baseline");
        assertEquals("without-xdp", baseline.path("kind").asText());
        assertTrue(baseline.path("tx_packets").asLong() > 100_000, baseline.toString());
        assertTrue(baseline.path("rx_pps").asDouble() > 0, baseline.toString());
        assertTrue(baseline.has("loss_percent") && baseline.path("dst_cpu").path("per_core").size() > 0, baseline.toString());

        // summary.json on disk has both side by side
        JsonNode onDisk = ProtocolJson.mapper().readTree(summaryFile(summary).toFile());
        assertTrue(onDisk.has("baseline") && onDisk.has("xdp"), onDisk.toString());
        assertNoXdpLeft();
    }

    @Test
    void dropLetsTheSinkReceiveNothingWhileEveryPacketIsCounted() throws Exception {
        Profile p = variant(lab.get().profile("profiles/lab-in-a-box-xdp.yaml"), "drop", false);
        RunSummary summary = run(p);

        TrafficSummary t = summary.traffic();
        assertTrue(t.txPackets() > 100_000, "src sent " + t.txPackets());
        assertEquals(0, t.rxPackets(), "with drop the sink receives none");
        JsonNode xdp = summary.sections().get("xdp");
        assertEquals(t.txPackets(), xdp.path("packets").asLong(), xdp.toString());
        assertEquals(t.txPackets(), xdp.path("actions").path("drop").asLong(), xdp.toString());
        assertFalse(summary.sections().containsKey("baseline"));
        assertNoXdpLeft();
    }

    /** 5 s at 50,000 pps of 64-byte payloads over the profile's 4 flows, with {@code action}. */
    private static Profile variant(Profile p, String action, boolean baseline) {
        TrafficSpec t = p.traffic();
        TrafficSpec fast = new TrafficSpec(t.source(), t.sink(), t.destination(), 4, t.ports(), 50_000, 64,
                Duration.ofSeconds(5), Duration.ZERO, t.cooldown());
        List<XdpSpec> xdp = p.xdp().stream().map(x -> new XdpSpec(x.host(), x.interfaceName(), x.object(), x.program(),
                "native", false, action)).toList();
        return new Profile(p.name(), p.description(), p.source(), p.form(), p.agent(), p.hosts(), p.links(), xdp, fast,
                p.monitoring(), p.results(), List.of(), baseline ? new BaselineSpec(BaselineKind.WITHOUT_XDP, null) : null);
    }

    private static RunSummary run(Profile p) throws Exception {
        RunOptions options = RunOptions.defaults().withRunsRoot(runs)
                .withTransport(TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot()));
        RunHandle handle = RunEngine.start(p, options, null);
        RunSummary summary = handle.await(Duration.ofSeconds(240));
        assertTrue(summary.passed(), "run " + summary.status() + ": " + summary.error() + "; see " + handle.runDirectory());
        return summary;
    }

    private static Path summaryFile(RunSummary s) {
        return Path.of(s.runDirectory()).resolve("summary.json");
    }

    /** {@code ip -n <ns> link} on every lab host: no interface carries an XDP program. */
    private static void assertNoXdpLeft() throws Exception {
        for (var h : lab.get().state().hosts()) {
            JsonNode links = ProtocolJson.mapper().readTree(VethPair.run("ip", "-j", "-n", h.namespace(), "link", "show"));
            for (JsonNode link : links) {
                assertFalse(link.has("xdp"), h.namespace() + " " + link.path("ifname").asText() + " still has XDP: " + link);
            }
        }
    }
}
