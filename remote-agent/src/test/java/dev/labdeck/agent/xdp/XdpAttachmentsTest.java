package dev.labdeck.agent.xdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.agent.journal.Change;
import dev.labdeck.agent.journal.ChangeJournal;
import dev.labdeck.agent.journal.LeftoverCleaner;
import dev.labdeck.protocol.FlowCounters;
import dev.labdeck.protocol.Metrics;
import dev.labdeck.protocol.Sample;
import dev.labdeck.protocol.XdpAttachRequest;
import dev.labdeck.protocol.XdpAttachment;
import dev.labdeck.protocol.XdpCounters;
import dev.labdeck.protocol.XdpObjectInfo;
import dev.labdeck.testkit.BpfClang;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import dev.labdeck.testkit.VethPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's XDP part against the real kernel: a veth made for each test, the bundled builtin object. */
class XdpAttachmentsTest {
    private static final List<Integer> PORTS = List.of(12345, 12346, 12347, 12348);

    @TempDir
    Path state;
    @TempDir
    Path work;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void gate() {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("ip", "iproute2");
        Prerequisites.require(XdpAttachments.unavailableReason() == null, "XDP: " + XdpAttachments.unavailableReason());
    }

    private final List<ChangeJournal> journals = new ArrayList<>();

    @AfterEach
    void closeJournals() {
        journals.forEach(j -> j.close(true));
    }

    private XdpAttachments agent() throws IOException {
        return agent(state.resolve("agents").resolve("agent-" + journals.size()));
    }

    /** An agent with its journal in {@code dir}. */
    private XdpAttachments agent(Path dir) throws IOException {
        ChangeJournal journal = ChangeJournal.open(dir, "test-run");
        journals.add(journal);
        return new XdpAttachments(state, journal, (level, kind, message, data) -> events.add(level + " " + kind + ": " + message));
    }

    private ChangeJournal journal() {
        return journals.getLast();
    }

    private boolean journalled(String id) {
        return journal().open().get(id) instanceof Change.XdpProgram x && x.programId() > 0;
    }

    @Test
    void attachesBuiltinNativeCountsPerFlowAndDetaches() throws Exception {
        XdpAttachments xdp = agent();
        try (VethPair veth = VethPair.create(true)) {
            XdpAttachment a = xdp.attach(new XdpAttachRequest(veth.outer, "builtin:count", null, "native", false, "pass"));
            assertEquals("native", a.mode());
            assertEquals("labdeck_count", a.program());
            assertEquals(List.of(a), xdp.list());
            assertTrue(veth.ipLink().contains("xdp"), veth.ipLink());
            assertTrue(journalled(a.id()), journal().open().toString());
            assertTrue(Files.readString(journal().directory().resolve(ChangeJournal.FILE)).contains(veth.outer));

            veth.send(PORTS, 25);
            Eventually.await("the program to count 100 packets", Duration.ofSeconds(10), () -> total(xdp, a.id()) >= 100);
            XdpCounters c = xdp.counters(a.id());
            assertEquals(PORTS, c.flows().stream().map(FlowCounters::port).toList());
            for (FlowCounters f : c.flows()) assertEquals(25, f.packets(), "port " + f.port());
            assertTrue(c.actions().get("pass") >= 100);
            assertEquals(0L, c.actions().get("drop"));
            assertEquals(25L, c.maps().get("labdeck_flows").get("12345[0]"));

            List<Sample> samples = new ArrayList<>();
            xdp.sample(1L, samples);
            assertTrue(samples.contains(new Sample(1L, Metrics.XDP_PACKETS, Map.of("attachment", a.id(), "port", "12346"), 25)));

            xdp.detach(a.id());
            assertFalse(veth.ipLink().contains("xdp"), veth.ipLink());
            assertTrue(xdp.list().isEmpty());
            assertFalse(journal().open().containsKey(a.id()), "undone in the journal");
            assertTrue(events.stream().anyMatch(e -> e.startsWith("info xdp.attached")), events.toString());
        }
    }

    @Test
    void userObjectUploadedAttachesAndReadsThroughGenericCounters() throws Exception {
        Path source = work.resolve("by_port.bpf.c");
        Files.writeString(source, """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>
                struct {
                    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
                    __uint(max_entries, 1);
                    __type(key, __u32);
                    __type(value, __u64);
                } frames SEC(".maps");
                SEC("xdp")
                int user_prog(struct xdp_md *ctx) {
                    unsigned char *data = (void *)(long)ctx->data;
                    unsigned char *end = (void *)(long)ctx->data_end;
                    /* IPv4 only: the namespace also sends IPv6 neighbour discovery */
                    if (data + 14 > end || data[12] != 0x08 || data[13] != 0x00)
                        return XDP_PASS;
                    __u32 zero = 0;
                    __u64 *v = bpf_map_lookup_elem(&frames, &zero);
                    if (v) *v += 1;
                    return XDP_PASS;
                }
                char LICENSE[] SEC("license") = "GPL";
                """);
        byte[] object = Files.readAllBytes(compile(source));
        XdpAttachments xdp = agent();
        XdpObjectInfo info = xdp.upload(object);
        assertEquals("sha256:" + info.sha256(), info.id());
        assertEquals(List.of("user_prog"), info.programs());
        assertEquals(info, xdp.upload(object), "the same bytes are stored once");
        try (VethPair veth = VethPair.create(true)) {
            XdpAttachment a = xdp.attach(new XdpAttachRequest(veth.outer, info.id(), null, "native", false, null));
            assertEquals("user_prog", a.program());
            veth.send(List.of(7777), 30);
            Eventually.await("ipv4_frames to count 30 frames", Duration.ofSeconds(10), () -> frames(xdp, a.id()) >= 30);
            XdpCounters c = xdp.counters(a.id());
            assertTrue(c.flows().isEmpty() && c.actions().isEmpty());
            assertEquals(30L, c.maps().get("frames").get("0"));
            xdp.detachAll("test over");
            assertFalse(veth.ipLink().contains("xdp"));
        }
    }

    @Test
    void badRequestsAreRefusedClearlyAndLeaveNothingAttached() throws Exception {
        XdpAttachments xdp = agent();
        XdpRequestException notElf = assertThrows(XdpRequestException.class, () -> xdp.upload("#!/bin/sh\necho hi\n".getBytes()));
        assertEquals(400, notElf.status());
        assertTrue(notElf.getMessage().contains("not an ELF object"), notElf.getMessage());

        Path rejectedSource = work.resolve("rejected.bpf.c");
        Files.writeString(rejectedSource, """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>
                SEC("xdp")
                int rejected(struct xdp_md *ctx) {
                    unsigned char *data = (void *)(long)ctx->data;
                    return data[30] ? XDP_DROP : XDP_PASS; /* no bounds check */
                }
                char LICENSE[] SEC("license") = "GPL";
                """);
        XdpObjectInfo rejected = xdp.upload(Files.readAllBytes(compile(rejectedSource)));

        try (VethPair veth = VethPair.create(true)) {
            XdpRequestException noProgram = assertThrows(XdpRequestException.class,
                    () -> xdp.attach(new XdpAttachRequest(veth.outer, "builtin:count", "nope", "native", false, "pass")));
            assertEquals(404, noProgram.status());
            assertTrue(noProgram.getMessage().contains("no program named 'nope'"), noProgram.getMessage());

            XdpRequestException noInterface = assertThrows(XdpRequestException.class,
                    () -> xdp.attach(new XdpAttachRequest("ldxgone0", "builtin:count", null, "native", true, "pass")));
            assertEquals(404, noInterface.status());
            assertTrue(noInterface.getMessage().contains("no network interface 'ldxgone0'"), noInterface.getMessage());

            XdpRequestException verifier = assertThrows(XdpRequestException.class,
                    () -> xdp.attach(new XdpAttachRequest(veth.outer, rejected.id(), null, "native", false, null)));
            assertEquals(422, verifier.status());
            assertTrue(verifier.getMessage().contains("verifier") && verifier.getMessage().contains("invalid access to packet"),
                    verifier.getMessage());

            XdpRequestException unknownObject = assertThrows(XdpRequestException.class,
                    () -> xdp.attach(new XdpAttachRequest(veth.outer, "sha256:" + "0".repeat(64), null, "native", false, null)));
            assertEquals(404, unknownObject.status());

            XdpRequestException badAction = assertThrows(XdpRequestException.class,
                    () -> xdp.attach(new XdpAttachRequest(veth.outer, "builtin:count", null, "native", false, "explode")));
            assertEquals(400, badAction.status());

            assertTrue(xdp.list().isEmpty());
            assertFalse(veth.ipLink().contains("xdp"), veth.ipLink());
        }
    }

    @Test
    void aProgramAKilledAgentLeftAttachedIsRemovedByTheNextCleanup() throws Exception {
        try (VethPair veth = VethPair.create(true)) {
            Path root = state.resolve("agents");
            XdpAttachments killed = agent(root.resolve("killed"));
            XdpAttachment a = killed.attach(new XdpAttachRequest(veth.outer, "builtin:count", null, "native", false, "pass"));
            // the agent "dies": its lock goes with the process, its journal and the program stay
            journal().close(false);
            assertTrue(veth.ipLink().contains("xdp"), veth.ipLink());

            LeftoverCleaner.Report report = LeftoverCleaner.cleanSiblings(root, null);

            assertTrue(report.removed().stream().anyMatch(r -> r.contains("id " + a.programId()) && r.contains(veth.outer)),
                    report.toString());
            assertTrue(report.left().isEmpty(), report.toString());
            assertFalse(veth.ipLink().contains("xdp"), veth.ipLink());
            assertFalse(Files.exists(root.resolve("killed")), "the dead agent's directory is gone");
            assertTrue(LeftoverCleaner.cleanSiblings(root, null).isEmpty(), "nothing left for a second cleanup");
        }
    }

    @Test
    void aLiveAgentsProgramIsNotTouchedByACleanup() throws Exception {
        try (VethPair veth = VethPair.create(true)) {
            Path root = state.resolve("agents");
            XdpAttachments alive = agent(root.resolve("alive"));
            alive.attach(new XdpAttachRequest(veth.outer, "builtin:count", null, "native", false, "pass"));

            assertTrue(LeftoverCleaner.cleanSiblings(root, null).isEmpty());
            assertTrue(veth.ipLink().contains("xdp"), veth.ipLink());
            alive.detachAll("test over");
        }
    }

    private static long total(XdpAttachments xdp, String id) {
        try {
            return xdp.counters(id).flows().stream().mapToLong(FlowCounters::packets).sum();
        } catch (XdpRequestException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long frames(XdpAttachments xdp, String id) {
        try {
            return xdp.counters(id).maps().getOrDefault("frames", Map.of()).getOrDefault("0", 0L);
        } catch (XdpRequestException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path compile(Path source) throws Exception {
        return BpfClang.compile(source, work);
    }
}
