package dev.labdeck.nativeio.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.nativeio.NativeCallException;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** sendmmsg batches over loopback to a real UDP socket: every datagram arrives, in order, at its length. */
@EnabledOnOs(OS.LINUX)
class UdpBatchSenderTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void everyDatagramOfEveryBatchArrivesInOrderWithItsLength() throws Exception {
        try (DatagramChannel rx = DatagramChannel.open()) {
            rx.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
            rx.bind(new InetSocketAddress(LOOPBACK, 0));
            int port = ((InetSocketAddress) rx.getLocalAddress()).getPort();
            try (UdpBatchSender tx = UdpBatchSender.open(new InetSocketAddress(LOOPBACK, 0), new InetSocketAddress(LOOPBACK, port),
                    1000, 64, 4 << 20)) {
                assertEquals(64, tx.batch());
                int next = 0;
                for (int round = 0; round < 10; round++) {
                    for (int i = 0; i < 50; i++) {
                        tx.buffer(i).set(ValueLayout.JAVA_INT_UNALIGNED, 0, next + i);
                        tx.length(i, 8 + (next + i) % 900);
                    }
                    assertEquals(50, tx.send(50));
                    next += 50;
                }
            }
            ByteBuffer b = ByteBuffer.allocate(2000).order(java.nio.ByteOrder.nativeOrder());
            for (int k = 0; k < 500; k++) {
                b.clear();
                rx.receive(b);
                b.flip();
                assertEquals(8 + k % 900, b.remaining(), "datagram " + k + "'s length");
                assertEquals(k, b.getInt(0), "datagram " + k + " in order");
            }
        }
    }

    @Test
    void aClosedPortsIcmpErrorsDoNotStopTheSender() throws Exception {
        int closed;
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(new InetSocketAddress(LOOPBACK, 0));
            closed = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        try (UdpBatchSender tx = UdpBatchSender.open(new InetSocketAddress(LOOPBACK, 0), new InetSocketAddress(LOOPBACK, closed), 64, 16, 0)) {
            for (int i = 0; i < 16; i++) tx.length(i, 32);
            int sent = 0;
            for (int round = 0; round < 4; round++) sent += tx.send(16);
            // each refused send is tried again (the error was an earlier datagram's): all 64 went
            assertEquals(64, sent);
        }
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        try (DatagramChannel taken = DatagramChannel.open()) {
            taken.bind(new InetSocketAddress(LOOPBACK, 0));
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            NativeCallException e = assertThrows(NativeCallException.class, () -> UdpBatchSender.open(
                    new InetSocketAddress(LOOPBACK, port), new InetSocketAddress(LOOPBACK, 9), 64, 4, 0));
            assertEquals("bind", e.function());
            assertTrue(e.getMessage().contains("Address already in use") && e.getMessage().contains("port " + port), e.getMessage());
        }
    }
}
