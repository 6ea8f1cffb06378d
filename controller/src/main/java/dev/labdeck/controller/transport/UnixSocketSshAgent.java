package dev.labdeck.controller.transport;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * Talks to a running ssh agent ({@code SSH_AUTH_SOCK}) over a JDK Unix-domain socket channel.
 * MINA's own unix agent client needs Tomcat's native APR library; the protocol itself (framing:
 * a 4-byte length, then the message) is small, and MINA's {@link AbstractAgentProxy} builds and
 * reads the messages — this class only carries them.
 */
final class UnixSocketSshAgent extends AbstractAgentProxy {
    /** An agent answer is a few keys or one signature; anything near this is not an agent talking. */
    private static final int MAX_MESSAGE = 256 * 1024;

    private final Path socket;
    private SocketChannel channel;

    UnixSocketSshAgent(Path socket) {
        super(null);
        this.socket = socket;
    }

    @Override
    protected synchronized Buffer request(Buffer buffer) throws IOException {
        if (channel == null || !channel.isOpen()) {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        }
        // The proxy hands over a complete frame (length already filled in by prepare()).
        ByteBuffer out = ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available());
        while (out.hasRemaining()) {
            channel.write(out);
        }
        ByteBuffer lengthBytes = readFully(4);
        int length = lengthBytes.getInt();
        if (length <= 0 || length > MAX_MESSAGE) {
            throw new IOException("ssh agent at " + socket + " sent a message of " + length + " bytes");
        }
        return new ByteArrayBuffer(readFully(length).array());
    }

    private ByteBuffer readFully(int n) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(n);
        while (in.hasRemaining()) {
            if (channel.read(in) < 0) {
                throw new EOFException("ssh agent at " + socket + " closed the connection");
            }
        }
        return in.flip();
    }

    @Override
    public boolean isOpen() {
        return channel == null || channel.isOpen();
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            if (channel != null) {
                channel.close();
            }
        } finally {
            super.close();
        }
    }
}
