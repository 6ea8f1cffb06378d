package dev.labdeck.nativeio.bpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.testkit.BpfClang;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import dev.labdeck.testkit.VethPair;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libbpf through FFM against the real kernel: LabDeck's builtin program and a user's own object
 * attached to a real veth whose peer sits in a namespace made for the test.
 */
class BpfObjectXdpTest {
    private static final List<Integer> PORTS = List.of(12345, 12346, 12347, 12348);
    private static final int PER_FLOW = 50;
    // one-byte payload: 14 Ethernet + 20 IPv4 + 8 UDP + 1
    private static final int FRAME_BYTES = 43;
    // labdeck_count.bpf.c: action codes in labdeck_config, verdict indexes in labdeck_actions
    private static final int ACTION_PASS = 0;
    private static final int ACTION_DROP = 1;
    private static final int XDP_DROP = 1;
    private static final int XDP_PASS = 2;

    @TempDir
    static Path work;
    static Path builtin;

    @BeforeAll
    static void compileBuiltin() throws IOException {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("clang", "clang");
        Prerequisites.requireCommand("ip", "iproute2");
        Prerequisites.require(BpfSupport.available(), "libbpf: " + BpfSupport.unavailableReason().orElse(""));
        builtin = BpfClang.compile(Prerequisites.repoRoot().resolve("bpf/src/main/c/labdeck_count.bpf.c"), work);
    }

    @BeforeEach
    void gate() {
        Prerequisites.requireRoot();
    }

    @Test
    void builtinAttachedNativeCountsEveryFlowAndPassesToTheSocket() throws Exception {
        try (VethPair veth = VethPair.create(true);
             BpfObject obj = BpfObject.open(builtin)) {
            assertEquals(List.of("labdeck_count"), obj.programNames());
            obj.load();
            obj.map("labdeck_config").update(BpfMap.u32(0), BpfMap.u32(ACTION_PASS));
            List<DatagramChannel> sockets = bind(veth.outerAddress);
            try (AttachedXdpProgram xdp = AttachedXdpProgram.attach(obj.program("labdeck_count"), veth.outer, XdpMode.NATIVE, false)) {
                assertEquals(XdpMode.NATIVE, xdp.mode());
                assertTrue(xdp.programId() > 0);
                assertTrue(veth.ipLink().contains("xdp"), veth.ipLink());
                assertEquals(xdp.programId(), Xdp.query(xdp.ifindex()).nativeProgramId());

                veth.send(PORTS, PER_FLOW);
                BpfMap flows = obj.map("labdeck_flows");
                Eventually.await("every flow's packets counted", Duration.ofSeconds(10),
                        () -> flowPackets(flows).values().stream().mapToLong(c -> c[0]).sum() >= (long) PORTS.size() * PER_FLOW);

                Map<Long, long[]> perFlow = flowPackets(flows);
                for (int port : PORTS) {
                    assertArrayEquals(new long[] {PER_FLOW, (long) PER_FLOW * FRAME_BYTES}, perFlow.get((long) port), "flow " + port);
                }
                assertEquals(PORTS.size(), perFlow.size());
                long passed = obj.map("labdeck_actions").lookupCounters(BpfMap.u32(XDP_PASS)).orElseThrow()[0];
                assertTrue(passed >= PORTS.size() * PER_FLOW, "passed " + passed);
                assertEquals(PORTS.size() * PER_FLOW, received(sockets));
            } finally {
                for (DatagramChannel s : sockets) s.close();
            }
            assertFalse(veth.ipLink().contains("xdp"), "after detach: " + veth.ipLink());
        }
    }

    @Test
    void aDatagramLargerThanTheMtuIsCountedOnceAndStillReassembled() throws Exception {
        try (VethPair veth = VethPair.create(true);
             BpfObject obj = BpfObject.open(builtin)) {
            obj.load();
            List<DatagramChannel> sockets = bind(veth.outerAddress);
            try (AttachedXdpProgram xdp = AttachedXdpProgram.attach(obj.program("labdeck_count"), veth.outer, XdpMode.NATIVE, false)) {
                // 3000-byte payloads: three IPv4 fragments each on a 1500-byte MTU
                VethPair.run("ip", "netns", "exec", veth.namespace, "bash", "-c",
                        "for i in $(seq 1 10); do printf '%3000s' x > /dev/udp/" + veth.outerAddress + "/12345; done");
                BpfMap actions = obj.map("labdeck_actions");
                Eventually.await("30 XDP_PASS counted", Duration.ofSeconds(10), () -> counter(actions, XDP_PASS) >= 30);
                assertEquals(10, obj.map("labdeck_flows").lookupCounters(BpfMap.u32(12345)).orElseThrow()[0]);
                assertEquals(1, obj.map("labdeck_flows").keys().size(), "later fragments are no flow of their own");
                assertEquals(10, received(sockets));
            } finally {
                for (DatagramChannel s : sockets) s.close();
            }
        }
    }

    @Test
    void dropActionDropsUdpButStillPassesArp() throws Exception {
        // no static neighbour: the sender must ARP through the XDP program first
        try (VethPair veth = VethPair.create(false);
             BpfObject obj = BpfObject.open(builtin)) {
            obj.load();
            obj.map("labdeck_config").update(BpfMap.u32(0), BpfMap.u32(ACTION_DROP));
            List<DatagramChannel> sockets = bind(veth.outerAddress);
            try (AttachedXdpProgram xdp = AttachedXdpProgram.attach(obj.program("labdeck_count"), veth.outer, XdpMode.NATIVE, false)) {
                veth.send(PORTS, PER_FLOW);
                BpfMap actions = obj.map("labdeck_actions");
                Eventually.await("every packet counted as XDP_DROP", Duration.ofSeconds(10),
                        () -> counter(actions, XDP_DROP) >= (long) PORTS.size() * PER_FLOW);
                assertEquals(PORTS.size() * PER_FLOW, counter(actions, XDP_DROP));
                assertTrue(counter(actions, XDP_PASS) >= 1, "the ARP request was passed");
                // dropped at the hook: nothing can still be on its way to the sockets
                assertEquals(0, received(sockets));
            } finally {
                for (DatagramChannel s : sockets) s.close();
            }
            assertFalse(veth.ipLink().contains("xdp"));
        }
    }

    @Test
    void userObjectAttachesAndItsArrayMapReadsAsCounters() throws Exception {
        Path source = work.resolve("user_counter.bpf.c");
        Files.writeString(source, """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>
                struct {
                    __uint(type, BPF_MAP_TYPE_ARRAY);
                    __uint(max_entries, 2);
                    __type(key, __u32);
                    __type(value, __u64);
                } seen SEC(".maps");
                SEC("xdp")
                int count_all(struct xdp_md *ctx) {
                    __u32 key = 1;
                    __u64 *v = bpf_map_lookup_elem(&seen, &key);
                    if (v) __sync_fetch_and_add(v, 1);
                    return XDP_PASS;
                }
                char LICENSE[] SEC("license") = "GPL";
                """);
        Path object = BpfClang.compile(source, work);
        try (VethPair veth = VethPair.create(true);
             BpfObject obj = BpfObject.open(object)) {
            obj.load();
            try (AttachedXdpProgram xdp = AttachedXdpProgram.attach(obj.program("count_all"), veth.outer, XdpMode.NATIVE, false)) {
                veth.send(List.of(9000), 20);
                BpfMap seen = obj.map("seen");
                assertTrue(seen.isArrayOrHash() && seen.hasIntegerValues());
                Eventually.await("20 frames seen", Duration.ofSeconds(10), () -> counter(seen, 1) >= 20);
                assertEquals(List.of(0L, 1L), seen.keys().stream().map(BpfMap::unsigned).toList());
                assertEquals(0, counter(seen, 0));
            }
        }
    }

    @Test
    void fileThatIsNotElfIsRefusedByOpen() throws Exception {
        Path junk = work.resolve("not-elf.o");
        Files.writeString(junk, "this is not an ELF object\n");
        BpfException e = assertThrows(BpfException.class, () -> BpfObject.open(junk));
        assertEquals("bpf_object__open_file", e.function());
        assertTrue(e.getMessage().startsWith("bpf_object__open_file: " + junk), e.getMessage());
    }

    @Test
    void unknownProgramAndUnknownInterfaceAreNamed() throws Exception {
        try (BpfObject obj = BpfObject.open(builtin)) {
            obj.load();
            BpfException noProgram = assertThrows(BpfException.class, () -> obj.program("no_such_prog"));
            assertTrue(noProgram.getMessage().contains("no program named 'no_such_prog'")
                    && noProgram.getMessage().contains("labdeck_count"), noProgram.getMessage());
            BpfException noInterface = assertThrows(BpfException.class,
                    () -> AttachedXdpProgram.attach(obj.program("labdeck_count"), "ldxnone0", XdpMode.NATIVE, true));
            assertEquals("if_nametoindex", noInterface.function());
            assertTrue(noInterface.getMessage().contains("no network interface named 'ldxnone0'"), noInterface.getMessage());
        }
    }

    @Test
    void verifierRejectionCarriesTheVerifierLogAndAttachesNothing() throws Exception {
        Path source = work.resolve("unchecked.bpf.c");
        Files.writeString(source, """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>
                SEC("xdp")
                int unchecked(struct xdp_md *ctx) {
                    unsigned char *data = (void *)(long)ctx->data;
                    /* no bounds check against data_end: the verifier must refuse this */
                    return data[20] == 0x11 ? XDP_DROP : XDP_PASS;
                }
                char LICENSE[] SEC("license") = "GPL";
                """);
        Path object = BpfClang.compile(source, work);
        try (VethPair veth = VethPair.create(true);
             BpfObject obj = BpfObject.open(object)) {
            BpfException e = assertThrows(BpfException.class, obj::load);
            assertEquals("bpf_object__load", e.function());
            assertNotNull(e.verifierLog());
            assertTrue(e.verifierLog().contains("invalid access to packet"), e.verifierLog());
            assertTrue(e.getMessage().contains("verifier log"), e.getMessage());
            assertFalse(Xdp.query(Xdp.ifindex(veth.outer)).attached());
            assertFalse(veth.ipLink().contains("xdp"));
        }
    }

    @Test
    void genericFallbackIsOnlyUsedWhenAllowedAndThenReported() throws Exception {
        // offload needs a NIC that runs BPF; veth cannot, so this always fails and never falls back
        try (VethPair veth = VethPair.create(true);
             BpfObject obj = BpfObject.open(builtin)) {
            obj.load();
            BpfException e = assertThrows(BpfException.class,
                    () -> AttachedXdpProgram.attach(obj.program("labdeck_count"), veth.outer, XdpMode.OFFLOAD, true));
            assertEquals("bpf_xdp_attach", e.function());
            assertFalse(veth.ipLink().contains("xdp"));
            try (AttachedXdpProgram generic = AttachedXdpProgram.attach(obj.program("labdeck_count"), veth.outer, XdpMode.GENERIC, false)) {
                assertEquals(XdpMode.GENERIC, generic.mode());
                assertTrue(veth.ipLink().contains("xdpgeneric"), veth.ipLink());
            }
            assertFalse(veth.ipLink().contains("xdp"));
        }
    }

    private static Map<Long, long[]> flowPackets(BpfMap flows) {
        Map<Long, long[]> out = new HashMap<>();
        try {
            for (byte[] key : flows.keys()) {
                flows.lookupCounters(key).ifPresent(v -> out.put(BpfMap.unsigned(key), v));
            }
        } catch (BpfException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static long counter(BpfMap map, int index) {
        try {
            return map.lookupCounters(BpfMap.u32(index)).map(v -> v[0]).orElse(0L);
        } catch (BpfException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<DatagramChannel> bind(String address) throws IOException {
        List<DatagramChannel> sockets = new ArrayList<>();
        for (int port : PORTS) {
            DatagramChannel ch = DatagramChannel.open();
            ch.bind(new InetSocketAddress(address, port));
            ch.configureBlocking(false);
            sockets.add(ch);
        }
        return sockets;
    }

    /** Datagrams waiting in the sockets; packets passed by XDP are queued before send() returns. */
    private static int received(List<DatagramChannel> sockets) throws IOException {
        int n = 0;
        ByteBuffer buf = ByteBuffer.allocate(2048);
        for (DatagramChannel ch : sockets) {
            while (ch.receive(buf.clear()) != null) n++;
        }
        return n;
    }
}
