package dev.labdeck.controller.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.protocol.TrafficState;
import dev.labdeck.controller.agent.HttpAgentClient;
import dev.labdeck.controller.profile.AgentSettings;
import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.protocol.Api;
import dev.labdeck.protocol.Flow;
import dev.labdeck.protocol.SinkStart;
import dev.labdeck.protocol.SinkStatus;
import dev.labdeck.protocol.TrafficStart;
import dev.labdeck.protocol.TrafficStatus;
import dev.labdeck.testkit.ClassFixture;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys the agent over real SSH (OpenSSH's sshd on a loopback port) and runs UDP through the
 * tunnel: what {@code labdeck run} does for every SSH host.
 */
class SshDeployTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final ClassFixture<TestSshd> sshd = ClassFixture.of(TestSshd::start);

    @TempDir
    Path work;

    private HostSpec host(String java) {
        return new HostSpec("dst", "127.0.0.1", HostSpec.Transport.SSH, sshd.get().port, sshd.get().user, sshd.get().userKey.toString(),
                Set.of("src", "dst"), java, List.of(), null);
    }

    /** Known host key, and the host's cache and state directories inside this test's own directory. */
    private TransportOptions options() throws Exception {
        Path knownHosts = work.resolve("known_hosts");
        Files.writeString(knownHosts, sshd.get().knownHostsLine() + "\n");
        return TransportOptions.defaults()
                .withLabdeckHome(Prerequisites.repoRoot())
                .withUserDir(work.resolve(".labdeck"))
                .withKnownHosts(knownHosts, work.resolve(".labdeck").resolve("known_hosts"))
                .withSshDir(work.resolve(".ssh"))
                .withSshAgentSocket(null)
                .withRemoteDirs(work.resolve("host-cache").toString(), work.resolve("host-state").toString());
    }

    private static AgentLaunch launch() {
        return new AgentLaunch("sshit", "127.0.0.1", 0, Duration.ofSeconds(30), WAIT);
    }

    @Test
    void deploysBundleRunsUdpThroughTheTunnelSkipsTheSecondUploadAndLeavesNoAgent() throws Exception {
        TransportOptions options = options();
        Prerequisites.require(Files.isRegularFile(options.agentBundle()),
                "agent bundle " + options.agentBundle() + " not built (./mvnw package on Linux x86-64)");

        try (SshTransport ssh = (SshTransport) Transports.open(host(null), AgentSettings.defaults(), options)) {
            AgentEndpoint endpoint = ssh.startAgent(launch());
            AgentDeployment first = ssh.deployment().orElseThrow();
            assertTrue(first.uploaded(), "first deployment uploads the bundle");
            assertTrue(first.bundled(), "no java: on the host, so the bundled runtime runs");
            assertEquals(AgentArtifact.sha256(options.agentBundle()), first.sha256());
            assertTrue(first.remoteDir().endsWith("/" + first.sha256()), first.remoteDir());
            assertTrue(Files.isRegularFile(Path.of(first.remoteDir(), SshTransport.COMPLETE_MARKER)));
            assertTrue(endpoint.baseUri().getHost().equals("127.0.0.1"), "reached through the local end of the forward");
            long pid = ssh.agentPid().orElseThrow();
            String tokenFile = ssh.agentDirectory().orElseThrow() + "/token";
            assertEquals("600", ssh.exec(List.of("stat", "-c", "%a", tokenFile), Duration.ofSeconds(10)).stdout().strip());

            try (HttpAgentClient agent = new HttpAgentClient(endpoint.host(), endpoint.baseUri(), endpoint.token())) {
                assertEquals(Api.VERSION, agent.info().protocolVersion());
                int portA = freeUdpPort();
                int portB = freeUdpPort();
                agent.startSink(new SinkStart("127.0.0.1", List.of(portA, portB)));
                agent.startTraffic(new TrafficStart("127.0.0.1", null,
                        List.of(new Flow(1, portA, 0), new Flow(2, portB, 0)), 2000, 64, 3000));
                TrafficStatus sent = Eventually.value("traffic source to finish", WAIT, agent::trafficStatus, s -> s.state() != TrafficState.RUNNING);
                assertEquals(TrafficState.DONE, sent.state(), "source: " + sent);
                assertTrue(sent.packets() > 0, "source sent packets: " + sent);
                SinkStatus received = Eventually.value("sink to count every packet", WAIT, agent::sinkStatus, s -> s.packets() >= sent.packets());
                assertEquals(sent.packets(), received.packets(), "every packet sent was received");
                assertEquals(0, received.lost(), "no loss: " + received);
                agent.stopSink();
            }

            ssh.stopAgent();
            assertAgentGone(ssh, pid);

            // Same bundle again: no upload, same directory, a new agent.
            AgentEndpoint second = ssh.startAgent(launch());
            AgentDeployment again = ssh.deployment().orElseThrow();
            assertFalse(again.uploaded(), "second deployment skips the upload");
            assertEquals(first.remoteDir(), again.remoteDir());
            long secondPid = ssh.agentPid().orElseThrow();
            try (HttpAgentClient agent = new HttpAgentClient(second.host(), second.baseUri(), second.token())) {
                assertEquals(Api.VERSION, agent.info().protocolVersion());
            }
            ssh.stopAgent();
            assertAgentGone(ssh, secondPid);
        }
        assertNoProcessMentions(work.toString());
    }

    @Test
    void hostWithItsOwnJavaGetsOnlyTheJar() throws Exception {
        TransportOptions options = options();
        AgentJars.requireAgentJar(options.agentJar());
        String java = ProcessHandle.current().info().command().orElseThrow();
        // What earlier deployments left in the host's cache: a bundle unused for 8 days, one used
        // yesterday, and an upload abandoned two hours ago.
        Path cache = Path.of(options.remoteCacheDir());
        Path stale = bundleDir(cache, "aaaa", Duration.ofDays(SshTransport.UNUSED_BUNDLE_DAYS + 1));
        Path recent = bundleDir(cache, "bbbb", Duration.ofDays(1));
        Path abandoned = Files.writeString(cache.resolve("cccc.upload-1234"), "partial");
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        try (SshTransport ssh = (SshTransport) Transports.open(host(java), AgentSettings.defaults(), options)) {
            AgentEndpoint endpoint = ssh.startAgent(launch());
            AgentDeployment d = ssh.deployment().orElseThrow();
            assertFalse(d.bundled());
            assertEquals(AgentArtifact.sha256(options.agentJar()), d.sha256());
            assertTrue(Files.isRegularFile(Path.of(d.remoteDir(), "labdeck-agent.jar")));
            long pid = ssh.agentPid().orElseThrow();
            try (HttpAgentClient agent = new HttpAgentClient(endpoint.host(), endpoint.baseUri(), endpoint.token())) {
                assertEquals(pid, agent.info().pid(), "the agent behind the tunnel is the one started");
            }
            ssh.stopAgent();
            assertAgentGone(ssh, pid);
        }
        assertNoProcessMentions(work.toString());
        assertFalse(Files.exists(stale), "bundle unused for more than a week removed");
        assertFalse(Files.exists(abandoned), "abandoned upload removed");
        assertTrue(Files.exists(recent), "bundle used yesterday kept");
    }

    private static Path bundleDir(Path cache, String name, Duration age) throws Exception {
        Path dir = Files.createDirectories(cache.resolve(name));
        Path marker = Files.writeString(dir.resolve(SshTransport.COMPLETE_MARKER), "");
        Files.setLastModifiedTime(marker, FileTime.from(Instant.now().minus(age)));
        return dir;
    }

    /** Neither over SSH (by pid) nor in the local process table (same machine) is the agent left. */
    private static void assertAgentGone(SshTransport ssh, long pid) throws Exception {
        assertTrue(ssh.agentPid().isEmpty());
        CommandResult ps = ssh.exec(List.of("ps", "-o", "stat=", "-p", Long.toString(pid)), Duration.ofSeconds(10));
        String stat = ps.stdout().strip();
        assertTrue(stat.isEmpty() || stat.startsWith("Z"), "agent pid " + pid + " still running on the host: " + stat);
        Eventually.await("agent pid " + pid + " to disappear from the local process table", Duration.ofSeconds(10),
                () -> ProcessHandle.of(pid).map(p -> !p.isAlive() || isZombie(pid)).orElse(true));
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (Exception e) {
            return true;
        }
    }

    private static void assertNoProcessMentions(String path) throws Exception {
        Process ps = new ProcessBuilder("ps", "-eo", "pid=,stat=,args=").redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes());
        ps.waitFor(10, TimeUnit.SECONDS);
        List<String> left = out.lines().filter(l -> l.contains(path)).filter(l -> !l.trim().split("\\s+")[1].startsWith("Z")).toList();
        assertTrue(left.isEmpty(), "processes of this test left: " + left);
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
