package dev.labdeck.nativeio.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.testkit.BpfClang;
import dev.labdeck.testkit.Prerequisites;
import dev.labdeck.testkit.VethPair;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The xdp-live engine's program ({@code bpf/labdeck_gen.bpf.c}) run on live frames out of a real
 * veth, counted by the kernel on both ends; and what happens when the peer cannot take XDP frames.
 */
class XdpLiveFramesTest {
    @TempDir
    static Path work;
    static Path generator;

    @BeforeAll
    static void compile() throws IOException {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("clang", "clang");
        Prerequisites.requireCommand("ip", "iproute2");
        Prerequisites.requireCommand("ethtool", "ethtool");
        Prerequisites.require(BpfSupport.available(), "libbpf: " + BpfSupport.unavailableReason().orElse(""));
        generator = BpfClang.compile(Prerequisites.repoRoot().resolve("bpf/src/main/c/labdeck_gen.bpf.c"), work);
    }

    @Test
    void everyFrameLeavesTheVethAndReachesThePeerWithGroOn() throws Exception {
        try (VethPair veth = VethPair.create(true); BpfObject obj = BpfObject.open(generator)) {
            quiet(veth);
            VethPair.run("ip", "netns", "exec", veth.namespace, "ethtool", "-K", veth.inner, "gro", "on");
            obj.load();
            obj.map("labdeck_gen_clock").update(BpfMap.u32(0), new byte[8]);
            long txBefore = packets(null, veth.outer, "tx");
            long droppedBefore = counter(null, veth.outer, "tx", "dropped");
            long rxBefore = packets(veth.namespace, veth.inner, "rx");
            try (XdpLiveFrames live = XdpLiveFrames.open(obj.program("labdeck_gen"), Xdp.ifindex(veth.outer),
                    List.of(frame(veth, 0, 12345), frame(veth, 1, 12346)), 64)) {
                live.run(0, 10_000);
                live.run(1, 5_000);
                live.run(0, 1);
            }
            // Every frame left, or the kernel counted it dropped at outer's tx: when the peer's NAPI
            // cannot drain its 256-frame XDP ring in time (a loaded machine: 13,345 of 15,001 left
            // once), veth drops the rest and counts them there. Frames that vanish uncounted (the
            // peer without XDP and GRO off) fail this.
            long tx = packets(null, veth.outer, "tx") - txBefore;
            long dropped = counter(null, veth.outer, "tx", "dropped") - droppedBefore;
            assertEquals(15_001, tx + dropped, "outer's tx counter " + tx + " and its tx drops " + dropped);
            assertTrue(tx > 15_001 / 2, "most frames leave the veth: " + tx + " left, " + dropped + " dropped at the peer's ring");
            assertEquals(tx, packets(veth.namespace, veth.inner, "rx") - rxBefore, "the peer's rx counter");
            // the program numbered each flow's frames from 0
            assertEquals(10_001L, obj.map("labdeck_gen_seq").lookupCounters(BpfMap.u32(0)).orElseThrow()[0]);
            assertEquals(5_000L, obj.map("labdeck_gen_seq").lookupCounters(BpfMap.u32(1)).orElseThrow()[0]);
        }
    }

    /**
     * Frames of several lengths from one {@link XdpLiveFrames}: a 66-byte flow, then a longer
     * 142-byte one (the kernel writes the last length into data_size_out and took it as a buffer
     * size next time: ENOSPC before the fix), and an IMIX flow whose frame is built at 1,514 bytes
     * and trimmed by the program to IMIX's cycle by sequence number. The peer's kernel counts the bytes.
     */
    @Test
    void flowsOfDifferentLengthsAndImixLeaveWithTheirOwnLengths() throws Exception {
        try (VethPair veth = VethPair.create(true); BpfObject obj = BpfObject.open(generator)) {
            quiet(veth);
            VethPair.run("ip", "netns", "exec", veth.namespace, "ethtool", "-K", veth.inner, "gro", "on");
            obj.load();
            obj.map("labdeck_gen_clock").update(BpfMap.u32(0), new byte[8]);
            int[] imix = {66, 66, 66, 66, 66, 66, 66, 566, 566, 566, 566, 1514};
            obj.map("labdeck_gen_size").update(BpfMap.u32(2), cycle(imix));
            long txBefore = packets(null, veth.outer, "tx");
            long rxBefore = packets(veth.namespace, veth.inner, "rx");
            long txBytesBefore = bytes(null, veth.outer, "tx");
            long rxBytesBefore = bytes(veth.namespace, veth.inner, "rx");
            try (XdpLiveFrames live = XdpLiveFrames.open(obj.program("labdeck_gen"), Xdp.ifindex(veth.outer),
                    List.of(frame(veth, 0, 12345, 24), frame(veth, 1, 12346, 100), frame(veth, 2, 12347, 1472)), 64)) {
                live.run(0, 1_000);
                live.run(1, 1_000);
                live.run(2, 1_200);
                live.run(0, 500);
            }
            long imixBytes = 100L * java.util.Arrays.stream(imix).sum();
            assertEquals(3_700, packets(null, veth.outer, "tx") - txBefore, "outer's tx counter");
            assertEquals(3_700, packets(veth.namespace, veth.inner, "rx") - rxBefore, "the peer's rx counter");
            long expected = 1_500L * 66 + 1_000L * 142 + imixBytes;
            assertEquals(expected, bytes(null, veth.outer, "tx") - txBytesBefore, "outer's tx bytes");
            assertEquals(expected, bytes(veth.namespace, veth.inner, "rx") - rxBytesBefore, "the peer's rx bytes");
            assertEquals(1_500L, obj.map("labdeck_gen_seq").lookupCounters(BpfMap.u32(0)).orElseThrow()[0]);
            assertEquals(1_000L, obj.map("labdeck_gen_seq").lookupCounters(BpfMap.u32(1)).orElseThrow()[0]);
            assertEquals(1_200L, obj.map("labdeck_gen_seq").lookupCounters(BpfMap.u32(2)).orElseThrow()[0]);
        }
    }

    @Test
    void withoutXdpOrGroOnThePeerTheFramesVanishUncounted() throws Exception {
        try (VethPair veth = VethPair.create(true); BpfObject obj = BpfObject.open(generator)) {
            quiet(veth);
            VethPair.run("ip", "netns", "exec", veth.namespace, "ethtool", "-K", veth.inner, "gro", "off");
            obj.load();
            long txBefore = packets(null, veth.outer, "tx");
            try (XdpLiveFrames live = XdpLiveFrames.open(obj.program("labdeck_gen"), Xdp.ifindex(veth.outer),
                    List.of(frame(veth, 0, 12345)), 64)) {
                live.run(0, 1_000); // the kernel reports no error: only the counter tells
            }
            assertEquals(0, packets(null, veth.outer, "tx") - txBefore, "outer's tx counter");
        }
    }

    @Test
    void aBadBatchIsRefusedBeforeTheKernel() throws Exception {
        try (BpfObject obj = BpfObject.open(generator)) {
            obj.load();
            assertThrows(IllegalArgumentException.class,
                    () -> XdpLiveFrames.open(obj.program("labdeck_gen"), 1, List.of(new byte[100]), 257));
        }
    }

    /** Ethernet, IPv4 (id = flow index), UDP without checksum, LabDeck header, 24-byte payload in all. */
    static byte[] frame(VethPair veth, int index, int port) throws IOException {
        return frame(veth, index, port, 24);
    }

    /** As {@link #frame(VethPair, int, int)} with {@code payload} bytes of UDP payload (≥ 24). */
    static byte[] frame(VethPair veth, int index, int port, int payload) throws IOException {
        byte[] dstMac = HexFormat.ofDelimiter(":").parseHex(VethPair.run("ip", "netns", "exec", veth.namespace,
                "cat", "/sys/class/net/" + veth.inner + "/address").strip());
        byte[] srcMac = HexFormat.ofDelimiter(":").parseHex(VethPair.run("cat", "/sys/class/net/" + veth.outer + "/address").strip());
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + payload);
        b.put(dstMac).put(srcMac).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (28 + payload)).putShort((short) index).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(java.net.InetAddress.getByName(veth.outerAddress).getAddress())
                .put(java.net.InetAddress.getByName(veth.innerAddress).getAddress());
        long sum = 0;
        for (int i = 14; i < 34; i += 2) sum += ((b.get(i) & 0xff) << 8) | (b.get(i + 1) & 0xff);
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        b.putShort(24, (short) ~sum);
        b.putShort((short) 40000).putShort((short) port).putShort((short) (8 + payload)).putShort((short) 0);
        b.putInt(0x4C414244).putInt(index);
        return b.array();
    }

    /** A labdeck_gen_size value: the cycle's length, then 16 frame lengths (native order, packed). */
    static byte[] cycle(int... frameLengths) {
        ByteBuffer b = ByteBuffer.allocate(4 + 2 * 16).order(java.nio.ByteOrder.nativeOrder());
        b.putInt(frameLengths.length);
        for (int len : frameLengths) b.putShort((short) len);
        return b.array();
    }

    /** No IPv6 on the pair: its neighbour discovery would add packets of its own to the counters. */
    static void quiet(VethPair veth) throws IOException {
        VethPair.run("sysctl", "-qw", "net.ipv6.conf." + veth.outer + ".disable_ipv6=1");
        VethPair.run("ip", "netns", "exec", veth.namespace, "sysctl", "-qw", "net.ipv6.conf." + veth.inner + ".disable_ipv6=1");
    }

    static long bytes(String namespace, String ifname, String direction) throws IOException {
        return counter(namespace, ifname, direction, "bytes");
    }

    static long counter(String namespace, String ifname, String direction, String field) throws IOException {
        String json = namespace == null ? VethPair.run("ip", "-s", "-j", "link", "show", "dev", ifname)
                : VethPair.run("ip", "-n", namespace, "-s", "-j", "link", "show", "dev", ifname);
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        return node.get(0).path("stats64").path(direction).path(field).asLong();
    }

    static long packets(String namespace, String ifname, String direction) throws IOException {
        return counter(namespace, ifname, direction, "packets");
    }
}
