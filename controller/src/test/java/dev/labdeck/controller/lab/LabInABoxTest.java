package dev.labdeck.controller.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.junit.jupiter.api.Test;

/** The lab on the real machine: namespaces, bridge, veth, sshd; reached with the lab's own key. */
class LabInABoxTest {

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    @Test
    void buildsHostsReachableOverSshWithTheLabsKeyAndRemovesEverythingTwice() throws Exception {
        LabState s;
        try (LabFixture lab = LabFixture.up("lt0")) {
            s = lab.state();
            assertEquals(List.of("src", "dst", "memif"), s.hosts().stream().map(LabHost::name).toList());

            // every host answers SSH with the generated key, and its host key is in LabDeck's known_hosts
            Path knownHosts = lab.labs().paths().knownHosts();
            for (LabHost h : s.hosts()) {
                String out = ssh(knownHosts, s, h, "ip -br addr show dev mgmt0; cat /proc/self/net/dev | grep -c data0 || true");
                assertTrue(out.contains(h.managementAddress()), h.name() + " answered: " + out);
            }
            // the data link is in src and dst only, with permanent neighbours both ways
            String srcNeigh = lab.run("src", "ip", "neigh", "show", "dev", "data0");
            assertTrue(srcNeigh.contains(s.dataLink().dst().address()) && srcNeigh.contains("PERMANENT"), srcNeigh);
            String dstNeigh = lab.run("dst", "ip", "neigh", "show", "dev", "data0");
            assertTrue(dstNeigh.contains(s.dataLink().src().address()) && dstNeigh.contains("PERMANENT"), dstNeigh);
            // GRO on at both ends, so frames an XDP program transmits on one end arrive at the other
            for (String host : List.of("src", "dst")) {
                String offloads = lab.run(host, "ethtool", "-k", "data0");
                assertTrue(offloads.contains("generic-receive-offload: on"), host + ": " + offloads);
            }
            // veths from src and dst to the memif host's load balancers: an address and a permanent
            // neighbour on the outer ends only, offloads off (a net_af_packet port forwards frames as read)
            LabLoadBalancerLink client = s.loadBalancerLinks().get(0);
            LabLoadBalancerLink server = s.loadBalancerLinks().get(1);
            assertEquals(List.of("src", "dst"), List.of(client.host().host(), server.host().host()));
            String srcLb = lab.run("src", "ip", "neigh", "show", "dev", "lb0");
            assertTrue(srcLb.contains(server.host().address()) && srcLb.contains("PERMANENT"), srcLb);
            String dstLb = lab.run("dst", "ip", "neigh", "show", "dev", "lb0");
            assertTrue(dstLb.contains(client.host().address()) && dstLb.contains("PERMANENT"), dstLb);
            String memifLinks = lab.run("memif", "ip", "-br", "link");
            assertTrue(memifLinks.contains("lbc0") && memifLinks.contains("lbs0"), memifLinks);
            String offloads = lab.run("memif", "ethtool", "-k", "lbc0");
            assertTrue(offloads.contains("tcp-segmentation-offload: off") && offloads.contains("generic-receive-offload: off"),
                    offloads);

            // up again: checked and left as it is
            LabUpResult again = lab.labs().up(lab.name(), null);
            assertTrue(again.alreadyUp());
            assertEquals(s.hosts().getFirst().sshdPid(), again.state().hosts().getFirst().sshdPid());
            assertTrue(lab.labs().status(lab.name()).up(), lab.labs().status(lab.name()).problems().toString());

            // a second lab on the same range is refused before anything is created
            LabException clash = assertThrows(LabRangeInUseException.class, () -> lab.labs().up("lt0b", s.range()));
            assertTrue(clash.getMessage().contains(s.bridge()), clash.getMessage());
            assertTrue(run("ip", "netns", "list").lines().noneMatch(l -> l.startsWith("lt0b-")));

            LabDownReport first = lab.down();
            assertFalse(first.nothingToRemove());
            assertTrue(lab.labs().down(lab.name()).nothingToRemove(), "second down finds nothing");
        }
        assertNothingLeft(s);
    }

    @Test
    void downCleansUpAfterACrashThatLostTheStateFile() throws Exception {
        LabState s;
        try (LabFixture lab = LabFixture.up("lt9")) {
            s = lab.state();
            Files.delete(lab.labs().paths().stateFile(lab.name()));
            LabStatus broken = lab.labs().status(lab.name());
            assertFalse(broken.up());
            assertFalse(broken.absent());
            // an agent-like process started in a host namespace is stopped too
            new ProcessBuilder("ip", "netns", "exec", s.hosts().get(1).namespace(), "sleep", "600").start();
            assertFalse(lab.labs().down(lab.name()).nothingToRemove());
        }
        assertNothingLeft(s);
    }

    @Test
    void hugepagesAreReservedForTheLabAndGivenBackAtDownEvenWithoutItsStateFile() throws Exception {
        Prerequisites.requireRoot();
        int before = LabHugepages.systemCount();
        LabState s;
        try (LabFixture lab = LabFixture.up("lth", 16)) {
            s = lab.state();
            assertEquals(16, s.hugepages());
            assertEquals(before + 16, LabHugepages.systemCount(), "nr_hugepages");
            assertTrue(Files.readString(Path.of("/proc/mounts")).lines()
                    .anyMatch(l -> l.contains(" " + s.hugepageDir() + " hugetlbfs ")), "no hugetlbfs on " + s.hugepageDir());
            // where DPDK runs: each host's sshd (and what it starts) has its own mount namespace
            for (var h : s.hosts()) {
                assertTrue(Files.readString(Path.of("/proc", Long.toString(h.sshdPid()), "mounts")).lines()
                                .anyMatch(l -> l.contains(" " + s.hugepageDir() + " hugetlbfs ")),
                        "host " + h.name() + " does not see the hugetlbfs on " + s.hugepageDir());
            }
            String meminfo = Files.readString(Path.of("/proc/meminfo"));
            assertTrue(meminfo.lines().anyMatch(l -> l.startsWith("HugePages_Total:") && Integer.parseInt(l.split("\\s+")[1]) >= 16),
                    meminfo);
            // a lab broken so far that its state is gone still gives its pages back
            Files.delete(lab.labs().paths().stateFile(lab.name()));
            LabDownReport down = lab.down();
            assertTrue(down.removed().stream().anyMatch(r -> r.startsWith("16 hugepages")), down.removed().toString());
        }
        assertEquals(before, LabHugepages.systemCount(), "nr_hugepages is not as it was");
        assertFalse(Files.readString(Path.of("/proc/mounts")).contains(s.hugepageDir()), "hugetlbfs left mounted");
        assertFalse(Files.exists(Path.of(s.hugepageDir())), "mount point left");
        assertNothingLeft(s);
    }

    private static void assertNothingLeft(LabState s) throws Exception {
        String prefix = s.name() + "-";
        assertTrue(run("ip", "netns", "list").lines().noneMatch(l -> l.startsWith(prefix)), "namespaces left");
        assertTrue(run("ip", "-o", "link", "show").lines().noneMatch(l -> l.contains(" " + prefix)), "interfaces left");
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> s.hosts().stream().anyMatch(h -> h.sshdPid() == p.pid())),
                "sshd processes left");
        LabPaths paths = LabPaths.ofUser();
        assertFalse(Files.exists(paths.labDir(s.name())), "lab directory left");
        if (Files.exists(paths.knownHosts())) {
            assertTrue(Files.readAllLines(paths.knownHosts()).stream().noneMatch(l -> l.contains("labdeck-lab:" + prefix
                    .substring(0, prefix.length() - 1) + "/")), "known_hosts lines left");
        }
    }

    /** Runs a command over real SSH (MINA, as the controller's transport does) with strict host keys. */
    private static String ssh(Path knownHosts, LabState s, LabHost h, String command) throws Exception {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, knownHosts));
            client.start();
            try (ClientSession session = client.connect(s.user(), h.managementAddress(), h.sshPort())
                    .verify(Duration.ofSeconds(10)).getSession()) {
                Iterable<KeyPair> keys;
                try (var in = Files.newInputStream(Path.of(s.userKey()))) {
                    keys = SecurityUtils.loadKeyPairIdentities(session, null, in, null);
                }
                keys.forEach(session::addPublicKeyIdentity);
                session.auth().verify(Duration.ofSeconds(10));
                return session.executeRemoteCommand(command);
            }
        }
    }
}
