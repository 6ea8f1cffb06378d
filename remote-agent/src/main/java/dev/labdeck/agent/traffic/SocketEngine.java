package dev.labdeck.agent.traffic;

import dev.labdeck.protocol.Flow;
import dev.labdeck.protocol.PayloadFormat;
import dev.labdeck.protocol.TrafficEngine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The portable engine: one connected UDP socket per flow, one {@code write} per packet. */
final class SocketEngine implements PacketEngine {
    private static final Logger log = LoggerFactory.getLogger(SocketEngine.class);

    private final List<DatagramChannel> channels = new ArrayList<>();
    private final ByteBuffer[] buffers;
    private final FlowPayload[] payloads;
    private final long[] seq;
    private final long[] bytes;
    private final long epochNanos;
    private final long startNanos;
    private boolean warned;

    /** Opens and connects one socket per flow; a failure closes what was opened and says which flow. */
    SocketEngine(InetAddress destination, InetAddress bind, List<Flow> flows, int payloadBytes) throws IOException {
        buffers = new ByteBuffer[flows.size()];
        payloads = new FlowPayload[flows.size()];
        seq = new long[flows.size()];
        bytes = new long[flows.size()];
        java.util.Random random = new java.util.Random();
        try {
            for (int i = 0; i < flows.size(); i++) {
                Flow f = flows.get(i);
                DatagramChannel ch = DatagramChannel.open(destination.getAddress().length == 4
                        ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
                channels.add(ch);
                ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
                try {
                    ch.bind(new InetSocketAddress(bind, f.srcPort()));
                    ch.connect(new InetSocketAddress(destination, f.dstPort()));
                } catch (IOException e) {
                    throw new IOException("flow " + f.id() + " (UDP " + f.srcPort() + " → " + f.dstPort() + "): " + e.getMessage(), e);
                }
                payloads[i] = new FlowPayload(f, payloadBytes, random);
                byte[] template = payloads[i].template();
                ByteBuffer b = ByteBuffer.allocateDirect(template.length).order(ByteOrder.BIG_ENDIAN);
                b.put(0, template);
                b.putInt(PayloadFormat.OFFSET_MAGIC, PayloadFormat.MAGIC);
                b.putInt(PayloadFormat.OFFSET_FLOW, f.id());
                buffers[i] = b;
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        startNanos = System.nanoTime();
        epochNanos = WallClock.realtimeMinusMonotonic() + startNanos;
    }

    @Override
    public TrafficEngine kind() {
        return TrafficEngine.SOCKET;
    }

    @Override
    public int maxBurst() {
        return 256;
    }

    @Override
    public long bytes(int flow) {
        return bytes[flow];
    }

    @Override
    public int send(int flow, int count) throws IOException {
        ByteBuffer b = buffers[flow];
        DatagramChannel ch = channels.get(flow);
        int sent = 0;
        for (int k = 0; k < count; k++) {
            b.putLong(PayloadFormat.OFFSET_SEQ, seq[flow]);
            b.putLong(PayloadFormat.OFFSET_TIME, epochNanos + (System.nanoTime() - startNanos));
            int size = payloads[flow].bytesOf(seq[flow]);
            b.clear().limit(size);
            try {
                ch.write(b);
                seq[flow]++;
                bytes[flow] += size;
                sent++;
            } catch (PortUnreachableException e) {
                // an ICMP error for an earlier packet, reported on this send, which did not happen
            } catch (ClosedChannelException e) {
                throw e;
            } catch (IOException e) {
                if (!warned) log.warn("traffic source: send failed: {}", e.toString());
                warned = true;
            }
        }
        return sent;
    }

    @Override
    public synchronized void close() {
        for (DatagramChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                log.debug("closing a traffic socket: {}", e.toString());
            }
        }
    }
}
