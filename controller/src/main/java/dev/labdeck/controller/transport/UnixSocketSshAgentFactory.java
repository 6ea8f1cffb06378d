package dev.labdeck.controller.transport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;

/** Gives MINA's public-key authentication the user's ssh agent; no agent forwarding to hosts. */
final class UnixSocketSshAgentFactory implements SshAgentFactory {
    private final Path socket;

    UnixSocketSshAgentFactory(Path socket) {
        this.socket = socket;
    }

    @Override
    public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
        return List.of();
    }

    @Override
    public SshAgent createClient(Session session, FactoryManager manager) throws IOException {
        return new UnixSocketSshAgent(socket);
    }

    @Override
    public SshAgentServer createServer(ConnectionService service) throws IOException {
        throw new IOException("LabDeck does not forward the ssh agent to lab hosts");
    }
}
