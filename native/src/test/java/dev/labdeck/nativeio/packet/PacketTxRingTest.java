package dev.labdeck.nativeio.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.nativeio.NativeCallException;
import dev.labdeck.testkit.Prerequisites;
import dev.labdeck.testkit.VethPair;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The transmit ring sending real frames out of a real veth, counted by the kernel on both ends. */
class PacketTxRingTest {
    @BeforeAll
    static void prerequisites() {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("ip", "iproute2");
    }

    @Test
    void everySubmittedFrameLeavesTheVethAndReachesThePeer() throws Exception {
        try (VethPair veth = VethPair.create(true)) {
            quiet(veth);
            long txBefore = packets(null, veth.outer, "tx");
            long rxBefore = packets(veth.namespace, veth.inner, "rx");
            byte[] frame = frame(veth, 60);
            // a ring of 64 frames sending 10,000: the slots are reused as the kernel releases them
            try (PacketTxRing ring = PacketTxRing.open(veth.outer, 1514, 64)) {
                assertTrue(ring.frames() >= 64, "frames " + ring.frames());
                for (int i = 0; i < 10_000; i++) {
                    MemorySegment slot = ring.next(Duration.ofSeconds(2));
                    MemorySegment.copy(frame, 0, slot, ValueLayout.JAVA_BYTE, 0, frame.length);
                    ring.submit(frame.length);
                    if (i % 32 == 31) ring.flush();
                }
                assertEquals(0, ring.drain(Duration.ofSeconds(5)), "frames the kernel had not released");
            }
            assertEquals(10_000, packets(null, veth.outer, "tx") - txBefore, "outer's tx counter");
            assertEquals(10_000, packets(veth.namespace, veth.inner, "rx") - rxBefore, "the peer's rx counter");
        }
    }

    @Test
    void framesQueuedWhileTheLinkIsDownAreTakenBackAndNeverSent() throws Exception {
        try (VethPair veth = VethPair.create(true)) {
            quiet(veth);
            byte[] frame = frame(veth, 60);
            try (PacketTxRing ring = PacketTxRing.open(veth.outer, 1514, 64)) {
                VethPair.run("ip", "link", "set", veth.outer, "down");
                long txBefore = packets(null, veth.outer, "tx");
                for (int i = 0; i < 10; i++) {
                    MemorySegment slot = ring.next(Duration.ofSeconds(1));
                    MemorySegment.copy(frame, 0, slot, ValueLayout.JAVA_BYTE, 0, frame.length);
                    ring.submit(frame.length);
                }
                NativeCallException down = assertThrows(NativeCallException.class, ring::flush);
                assertEquals("sendto", down.function());
                assertEquals(10, ring.discardQueued());
                VethPair.run("ip", "link", "set", veth.outer, "up");
                for (int i = 0; i < 5; i++) {
                    MemorySegment slot = ring.next(Duration.ofSeconds(1));
                    MemorySegment.copy(frame, 0, slot, ValueLayout.JAVA_BYTE, 0, frame.length);
                    ring.submit(frame.length);
                }
                ring.flush();
                assertEquals(0, ring.drain(Duration.ofSeconds(5)));
                assertEquals(5, packets(null, veth.outer, "tx") - txBefore, "only the 5 frames sent after the link came back");
            }
        }
    }

    @Test
    void withoutCapNetRawTheSocketIsRefusedWithTheReason() throws Exception {
        Prerequisites.requireCommand("setpriv", "util-linux");
        // a JVM of its own whose capability bounding set lacks CAP_NET_RAW, root or not
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder("setpriv", "--bounding-set=-net_raw", "--inh-caps=-net_raw", javaCommand,
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), OpenOnLoopback.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), out);
        assertTrue(out.contains("refused: socket 1 socket (AF_PACKET SOCK_RAW): Operation not permitted (errno 1)"), out);
    }

    /** Opens a ring on lo and prints what happened (run in a JVM without CAP_NET_RAW). */
    public static final class OpenOnLoopback {
        public static void main(String[] args) throws Exception {
            try (PacketTxRing ring = PacketTxRing.open("lo", 1514, 64)) {
                System.out.println("opened " + ring.frames());
            } catch (NativeCallException e) {
                System.out.println("refused: " + e.function() + " " + e.errno() + " " + e.getMessage());
            }
        }
    }

    @Test
    void anInterfaceThatDoesNotExistIsNamed() {
        NativeCallException e = assertThrows(NativeCallException.class, () -> PacketTxRing.open("nosuchdev0", 1514, 64));
        assertEquals("if_nametoindex", e.function());
        assertTrue(e.getMessage().contains("nosuchdev0"), e.getMessage());
    }

    @Test
    void aFrameLongerThanTheSlotIsRefusedBeforeTheKernel() throws Exception {
        try (VethPair veth = VethPair.create(true); PacketTxRing ring = PacketTxRing.open(veth.outer, 100, 4)) {
            ring.next(Duration.ofSeconds(1));
            assertThrows(IllegalArgumentException.class, () -> ring.submit(101));
        }
    }

    /** Ethernet, IPv4, UDP to port 9 (discard) without checksum, {@code payload} bytes of zeros. */
    static byte[] frame(VethPair veth, int payload) throws IOException {
        byte[] dstMac = HexFormat.ofDelimiter(":").parseHex(VethPair.run("ip", "netns", "exec", veth.namespace,
                "cat", "/sys/class/net/" + veth.inner + "/address").strip());
        byte[] srcMac = HexFormat.ofDelimiter(":").parseHex(VethPair.run("cat", "/sys/class/net/" + veth.outer + "/address").strip());
        return udp(dstMac, srcMac, veth.outerAddress, veth.innerAddress, 9, new byte[payload]);
    }

    static byte[] udp(byte[] dstMac, byte[] srcMac, String src, String dst, int port, byte[] payload) throws IOException {
        int ipLength = 28 + payload.length;
        ByteBuffer b = ByteBuffer.allocate(14 + ipLength);
        b.put(dstMac).put(srcMac).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) 0).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(InetAddress.getByName(src).getAddress()).put(InetAddress.getByName(dst).getAddress());
        long sum = 0;
        for (int i = 14; i < 34; i += 2) sum += ((b.get(i) & 0xff) << 8) | (b.get(i + 1) & 0xff);
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        b.putShort(24, (short) ~sum);
        b.putShort((short) 40000).putShort((short) port).putShort((short) (8 + payload.length)).putShort((short) 0);
        b.put(payload);
        return b.array();
    }

    /** No IPv6 on the pair: its neighbour discovery would add packets of its own to the counters. */
    static void quiet(VethPair veth) throws IOException {
        VethPair.run("sysctl", "-qw", "net.ipv6.conf." + veth.outer + ".disable_ipv6=1");
        VethPair.run("ip", "netns", "exec", veth.namespace, "sysctl", "-qw", "net.ipv6.conf." + veth.inner + ".disable_ipv6=1");
    }

    static long packets(String namespace, String ifname, String direction) throws IOException {
        String json = namespace == null ? VethPair.run("ip", "-s", "-j", "link", "show", "dev", ifname)
                : VethPair.run("ip", "-n", namespace, "-s", "-j", "link", "show", "dev", ifname);
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        return node.get(0).path("stats64").path(direction).path("packets").asLong();
    }
}
