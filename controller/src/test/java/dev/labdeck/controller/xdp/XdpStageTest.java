package dev.labdeck.controller.xdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.agent.AgentClient;
import dev.labdeck.controller.agent.HttpAgentClient;
import dev.labdeck.controller.profile.AgentSettings;
import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileForm;
import dev.labdeck.controller.profile.TrafficSpec;
import dev.labdeck.controller.profile.XdpSpec;
import dev.labdeck.controller.run.RunFailure;
import dev.labdeck.controller.transport.AgentLaunch;
import dev.labdeck.controller.transport.HostTransport;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.controller.transport.Transports;
import dev.labdeck.protocol.Capability;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.testkit.BpfClang;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import dev.labdeck.testkit.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The XDP stage against a real agent started by the local transport, attaching to a real veth
 * whose peer (in a namespace of the test's own) sends the packets.
 */
class XdpStageTest {
    private static final List<Integer> PORTS = List.of(12345, 12346, 12347, 12348);

    @TempDir
    static Path agentHome;
    @TempDir
    Path dir;
    private static HostTransport transport;
    private static AgentClient agent;
    private VethPair veth;

    /** One agent for the class (its dead-man switch is off: the test sends no heartbeats). */
    @BeforeAll
    static void startAgent() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("ip", "iproute2");
        TransportOptions options = TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot()).withUserDir(agentHome);
        Prerequisites.require(Files.isRegularFile(options.agentJar()), "agent jar " + options.agentJar()
                + " not built (run ./mvnw package -DskipTests)");
        transport = Transports.open(host(), AgentSettings.defaults(), options);
        var endpoint = transport.startAgent(
                new AgentLaunch("xdp-stage", "127.0.0.1", 0, Duration.ZERO, Duration.ofSeconds(60)));
        agent = new HttpAgentClient(endpoint.host(), endpoint.baseUri(), endpoint.token());
        Prerequisites.require(agent.info().capabilities().contains(Capability.XDP), "XDP: " + agent.info().unavailable());
    }

    @AfterAll
    static void stopAgent() {
        if (agent != null) agent.close();
        if (transport != null) transport.close();
    }

    @BeforeEach
    void createVeth() throws Exception {
        Prerequisites.requireRoot();
        veth = VethPair.create(true);
    }

    @AfterEach
    void removeVeth() {
        if (veth != null) veth.close();
    }

    @Test
    void attachesTheBuiltinInPrepareAndSummarizesItsCountersAtTeardown() throws Exception {
        Profile p = profile(new XdpSpec("dst", veth.outer, "builtin:count", null, "native", false, "pass"));
        StageContext ctx = new StageContext(p, dir, Map.of("dst", agent));
        XdpStage stage = new XdpStage();
        stage.setUp(ctx);
        assertTrue(veth.ipLink().contains("xdp"), veth.ipLink());
        assertEquals(1, agent.xdpAttachments().size());

        veth.send(PORTS, 20);
        String id = agent.xdpAttachments().getFirst().id();
        Eventually.value("the builtin to count 80 packets", Duration.ofSeconds(10), () -> agent.xdpCounters(id),
                c -> c.flows().stream().mapToLong(f -> f.packets()).sum() >= 80);

        stage.tearDown(ctx);
        assertFalse(veth.ipLink().contains("xdp"), "after teardown: " + veth.ipLink());
        assertTrue(agent.xdpAttachments().isEmpty());

        JsonNode xdp = ProtocolJson.mapper().valueToTree(ctx.sections.get("xdp"));
        assertEquals(80, xdp.path("packets").asLong(), xdp.toPrettyString());
        assertEquals(4, xdp.path("per_flow").size());
        for (int i = 0; i < 4; i++) {
            JsonNode f = xdp.path("per_flow").get(i);
            assertEquals(i, f.path("flow").asInt());
            assertEquals(PORTS.get(i), f.path("port").asInt());
            assertEquals(20, f.path("packets").asLong());
        }
        assertTrue(xdp.path("actions").path("pass").asLong() >= 80);
        assertEquals("native", xdp.path("attachments").get(0).path("mode").asText());
    }

    @Test
    void uploadsTheUsersObjectNamedRelativeToTheProfileAndReadsItsMaps() throws Exception {
        Path profileDir = Files.createDirectories(dir.resolve("profiles"));
        Path source = profileDir.resolve("count_ipv4.bpf.c");
        Files.writeString(source, """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>
                struct {
                    __uint(type, BPF_MAP_TYPE_ARRAY);
                    __uint(max_entries, 1);
                    __type(key, __u32);
                    __type(value, __u64);
                } ipv4_frames SEC(".maps");
                SEC("xdp")
                int count_ipv4(struct xdp_md *ctx) {
                    unsigned char *data = (void *)(long)ctx->data;
                    unsigned char *end = (void *)(long)ctx->data_end;
                    if (data + 14 > end || data[12] != 0x08 || data[13] != 0x00)
                        return XDP_PASS;
                    __u32 zero = 0;
                    __u64 *v = bpf_map_lookup_elem(&ipv4_frames, &zero);
                    if (v) __sync_fetch_and_add(v, 1);
                    return XDP_PASS;
                }
                char LICENSE[] SEC("license") = "GPL";
                """);
        BpfClang.compile(source, profileDir);
        Profile p = withSource(profile(new XdpSpec("dst", veth.outer, "count_ipv4.bpf.o", null, "native", false, null)),
                profileDir.resolve("mine.yaml"));
        StageContext ctx = new StageContext(p, dir, Map.of("dst", agent));
        XdpStage stage = new XdpStage();
        stage.setUp(ctx);
        veth.send(List.of(5555), 15);
        String id = agent.xdpAttachments().getFirst().id();
        Eventually.value("ipv4_frames to count 15 frames", Duration.ofSeconds(10), () -> agent.xdpCounters(id),
                c -> c.maps().get("ipv4_frames").getOrDefault("0", 0L) >= 15);
        stage.tearDown(ctx);

        JsonNode xdp = ProtocolJson.mapper().valueToTree(ctx.sections.get("xdp"));
        JsonNode a = xdp.path("attachments").get(0);
        assertEquals("count_ipv4", a.path("program").asText());
        assertTrue(a.path("object").asText().startsWith("sha256:"), a.toString());
        assertEquals(15, a.path("maps").path("ipv4_frames").path("0").asLong(), a.toString());
        assertFalse(veth.ipLink().contains("xdp"));
    }

    @Test
    void aProgramTheVerifierRejectsFailsPrepareWithItsLogAndLeavesNothingAttached() throws Exception {
        Path source = dir.resolve("unchecked.bpf.c");
        Files.writeString(source, """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>
                SEC("xdp")
                int unchecked(struct xdp_md *ctx) {
                    unsigned char *data = (void *)(long)ctx->data;
                    return data[40] ? XDP_DROP : XDP_PASS; /* no bounds check */
                }
                char LICENSE[] SEC("license") = "GPL";
                """);
        Path object = BpfClang.compile(source, dir);
        // the builtin goes first, so a failure must undo an attachment that succeeded too
        Profile p = profile(new XdpSpec("dst", veth.outer, "builtin:count", null, "native", false, "pass"),
                new XdpSpec("dst", veth.inner, object.toString(), null, "native", false, null));
        StageContext ctx = new StageContext(p, dir, Map.of("dst", agent));
        XdpStage stage = new XdpStage();
        RunFailure f = assertThrows(RunFailure.class, () -> stage.setUp(ctx));
        assertEquals("dst", f.host());
        assertTrue(f.getMessage().contains("no network interface '" + veth.inner + "'"), f.getMessage());

        Profile rejected = profile(new XdpSpec("dst", veth.outer, object.toString(), null, "native", false, null));
        RunFailure v = assertThrows(RunFailure.class, () -> new XdpStage().setUp(new StageContext(rejected, dir, Map.of("dst", agent))));
        assertTrue(v.getMessage().contains("verifier") && v.getMessage().contains("invalid access to packet"), v.getMessage());

        Profile missingProgram = profile(new XdpSpec("dst", veth.outer, "builtin:count", "nope", "native", false, "pass"));
        RunFailure m = assertThrows(RunFailure.class, () -> new XdpStage().setUp(new StageContext(missingProgram, dir, Map.of("dst", agent))));
        assertTrue(m.getMessage().contains("no program named 'nope'"), m.getMessage());

        Path notElf = Files.writeString(dir.resolve("notes.o"), "just text\n");
        Profile bad = profile(new XdpSpec("dst", veth.outer, notElf.toString(), null, "native", false, null));
        RunFailure n = assertThrows(RunFailure.class, () -> new XdpStage().setUp(new StageContext(bad, dir, Map.of("dst", agent))));
        assertTrue(n.getMessage().contains("not an ELF object"), n.getMessage());

        assertTrue(agent.xdpAttachments().isEmpty());
        assertFalse(veth.ipLink().contains("xdp"), veth.ipLink());
        stage.tearDown(ctx); // safe after a failed set-up
    }

    private static HostSpec host() {
        return new HostSpec("dst", "127.0.0.1", HostSpec.Transport.LOCAL, 22, null, null, Set.of("dst"), null, List.of(), null);
    }

    private static Profile profile(XdpSpec... xdp) {
        TrafficSpec traffic = new TrafficSpec("dst", "dst", "127.0.0.1", 4, PORTS, 1000, 64, Duration.ofSeconds(1), null, null);
        return new Profile("xdp-stage", null, null, ProfileForm.LABDECK, AgentSettings.defaults(), List.of(host()), List.of(),
                List.of(xdp), traffic, null, null, List.of(), null);
    }

    private static Profile withSource(Profile p, Path source) {
        return new Profile(p.name(), p.description(), source, p.form(), p.agent(), p.hosts(), p.links(), p.xdp(), p.traffic(),
                p.monitoring(), p.results(), p.thresholds(), p.baseline());
    }
}
