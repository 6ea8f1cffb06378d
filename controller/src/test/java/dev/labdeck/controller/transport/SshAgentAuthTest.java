package dev.labdeck.controller.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.profile.AgentSettings;
import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logging in with a key held only by a real {@code ssh-agent} (passphrase-protected on disk). */
class SshAgentAuthTest {

    @TempDir
    Path home;

    @Test
    void logsInWithAKeyFromTheSshAgentAndNamesWhatWasTriedOtherwise() throws Exception {
        Prerequisites.requireCommand("ssh-agent", "openssh-client");
        Prerequisites.requireCommand("ssh-add", "openssh-client");
        try (TestSshd sshd = TestSshd.start()) {
            // The authorised key, protected by a passphrase LabDeck cannot know: only the agent can use it.
            Path key = home.resolve("agent_key");
            Files.copy(sshd.userKey, key);
            Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            TestSshd.run(List.of("ssh-keygen", "-q", "-p", "-P", "", "-N", "secret phrase", "-f", key.toString()));

            Path socket = home.resolve("agent.sock");
            Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                    .redirectErrorStream(true).redirectOutput(home.resolve("agent.log").toFile()).start();
            try {
                Eventually.await("ssh-agent to create " + socket, Duration.ofSeconds(10),
                        () -> Files.exists(socket) || !agent.isAlive());
                assertTrue(Files.exists(socket), "ssh-agent exited without creating " + socket);
                addToAgent(sshd.userKey, socket);

                Path knownHosts = home.resolve("known_hosts");
                Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
                TransportOptions options = TransportOptions.defaults()
                        .withUserDir(home.resolve(".labdeck"))
                        .withKnownHosts(knownHosts, home.resolve(".labdeck").resolve("known_hosts"))
                        .withSshDir(home.resolve("empty-ssh-dir"));
                HostSpec host = new HostSpec("dst", "127.0.0.1", HostSpec.Transport.SSH, sshd.port, sshd.user, null,
                        Set.of("dst"), null, List.of(), null);

                try (HostTransport t = Transports.open(host, AgentSettings.defaults(), options.withSshAgentSocket(socket))) {
                    assertEquals(sshd.user, t.exec(List.of("id", "-un"), Duration.ofSeconds(10)).stdout().strip());
                }

                // The same key file without the agent: unusable, and the message says why and what to do.
                HostSpec withFile = new HostSpec("dst", "127.0.0.1", HostSpec.Transport.SSH, sshd.port, sshd.user, key.toString(),
                        Set.of("dst"), null, List.of(), null);
                TransportException e = assertThrows(TransportException.class,
                        () -> Transports.open(withFile, AgentSettings.defaults(), options.withSshAgentSocket(null)));
                assertTrue(e.getMessage().contains(key.toString()) && e.getMessage().contains("ssh-add"), e.getMessage());
            } finally {
                agent.destroy();
                agent.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static void addToAgent(Path key, Path socket) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
        pb.environment().put("SSH_AUTH_SOCK", socket.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "ssh-add failed: " + out);
    }
}
