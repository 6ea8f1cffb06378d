package dev.labdeck.agent.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.protocol.Flow;
import dev.labdeck.protocol.Imix;
import dev.labdeck.protocol.PayloadFormat;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The socket engine's two paths, the portable one (one write per packet) and the sendmmsg one
 * (Linux), put the same datagrams on loopback: each flow's packets numbered from 0 without a gap,
 * with the flow id, a send time, and the flow's size (IMIX cycling 7:4:1), received by a real socket.
 */
class SocketEnginesTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    interface Opener {
        PacketEngine open(InetAddress destination, List<Flow> flows, int payloadBytes) throws Exception;
    }

    @Test
    void onePacketPerWrite() throws Exception {
        sendAndCheck((d, f, p) -> new SocketEngine(d, null, f, p));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void sendmmsgBatches() throws Exception {
        sendAndCheck((d, f, p) -> SocketBatchEngine.open(d, null, f, p));
    }

    private static void sendAndCheck(Opener opener) throws Exception {
        try (DatagramChannel a = sink(); DatagramChannel b = sink()) {
            List<Flow> flows = List.of(new Flow(7, port(a), 0, 1, 0, null), new Flow(8, port(b), 0, 1, Flow.IMIX, "text:x"));
            long before = System.currentTimeMillis() * 1_000_000L - 1_000_000_000L;
            PacketEngine engine = opener.open(LOOPBACK, flows, 100);
            try {
                // bursts of odd sizes, across the batch of 64
                for (int burst : new int[] {1, 63, 64, 65, 200, 7}) {
                    assertEquals(burst, engine.send(0, burst));
                    assertEquals(burst, engine.send(1, burst));
                }
            } finally {
                engine.close();
            }
            int total = 1 + 63 + 64 + 65 + 200 + 7;
            assertEquals(100L * total, engine.bytes(0));
            long imix = 0;
            for (int k = 0; k < total; k++) imix += Imix.payloadBytes(k);
            assertEquals(imix, engine.bytes(1));
            long after = System.currentTimeMillis() * 1_000_000L + 1_000_000_000L;
            check(a, 7, total, k -> 100, before, after);
            check(b, 8, total, Imix::payloadBytes, before, after);
        }
    }

    private static void check(DatagramChannel ch, int flow, int count, java.util.function.LongToIntFunction size, long before, long after)
            throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        for (long k = 0; k < count; k++) {
            buf.clear();
            ch.receive(buf);
            buf.flip();
            assertEquals(size.applyAsInt(k), buf.remaining(), "flow " + flow + " packet " + k + "'s size");
            assertEquals(PayloadFormat.MAGIC, buf.getInt(PayloadFormat.OFFSET_MAGIC));
            assertEquals(flow, buf.getInt(PayloadFormat.OFFSET_FLOW));
            assertEquals(k, buf.getLong(PayloadFormat.OFFSET_SEQ), "flow " + flow + " numbered without a gap");
            long sent = buf.getLong(PayloadFormat.OFFSET_TIME);
            assertTrue(sent > before && sent < after, "send time " + sent + " is now");
        }
        ch.configureBlocking(false);
        buf.clear();
        assertEquals(null, ch.receive(buf), "no more than sent");
    }

    private static DatagramChannel sink() throws Exception {
        DatagramChannel ch = DatagramChannel.open();
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        ch.bind(new InetSocketAddress(LOOPBACK, 0));
        return ch;
    }

    private static int port(DatagramChannel ch) throws Exception {
        return ((InetSocketAddress) ch.getLocalAddress()).getPort();
    }
}
