package dev.labdeck.agent.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One state directory (~/.labdeck/agent) serves every agent of a machine, the lab-in-a-box's hosts
 * of every lab included. A dead agent's XDP program in another host's network namespace is left to
 * that host's cleanup while the namespace lives; once it is gone (lab down) the record goes too,
 * instead of being reported as left by every later agent start.
 */
class LeftoverNamespaceTest {
    @TempDir
    Path root;

    /** The journal a dead agent left: its directory and an XDP program on lc0 of namespace {@code netns}. */
    private Path deadAgentWithXdpIn(String netns) throws Exception {
        Path dir = root.resolve("run-dst-" + netns);
        ChangeJournal journal = ChangeJournal.open(dir, "run");
        journal.made("xdp-lc0", new Change.XdpProgram("lc0", 7, netns, "xdp_count", 42, "native"));
        journal.close(); // the lock goes as when the agent dies; the journal stays
        return dir;
    }

    @Test
    void aProgramInANamespaceThatIsGoneIsNoLongerReportedAsLeft() throws Exception {
        Path dir = deadAgentWithXdpIn("999"); // no namespace has inode 999 (nsfs inodes are above 4026531835)
        LeftoverCleaner.Report report = LeftoverCleaner.cleanSiblings(root, null);
        assertEquals(List.of(), report.left(), report.toString());
        assertTrue(report.removed().stream().anyMatch(r -> r.contains("XDP program xdp_count (id 42) on lc0")
                && r.contains("gone with its network namespace (net:999)")), report.toString());
        assertFalse(Files.exists(dir), "the dead agent's directory went");
        assertTrue(LeftoverCleaner.cleanSiblings(root, null).isEmpty(), "nothing to say the next time");
    }

    @Test
    void aProgramInALivingNamespaceIsLeftForThatHostUntilTheNamespaceGoes() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("ip", "iproute2");
        String name = "lcns" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
        ip("netns", "add", name);
        try {
            String inode = Long.toString(((Number) Files.getAttribute(Path.of("/run/netns", name), "unix:ino")).longValue());
            assertTrue(NetworkNamespace.exists(inode), "a named namespace exists");
            Path dir = deadAgentWithXdpIn(inode);
            LeftoverCleaner.Report report = LeftoverCleaner.cleanSiblings(root, null);
            assertTrue(report.left().stream().anyMatch(l -> l.contains("it is in another network namespace (net:" + inode + ")")),
                    report.toString());
            assertTrue(Files.isRegularFile(dir.resolve(ChangeJournal.FILE)), "kept for that host's cleanup");
            ip("netns", "del", name);
            assertFalse(NetworkNamespace.exists(inode), "deleted, with no process in it");
            report = LeftoverCleaner.cleanSiblings(root, null);
            assertEquals(List.of(), report.left(), report.toString());
            assertFalse(Files.exists(dir), "gone with its namespace");
        } finally {
            new ProcessBuilder("ip", "netns", "del", name).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A dead agent's DPDK service left a veth promiscuous: the next agent's cleanup turns it off and says so. */
    @Test
    void promiscuousModeADeadAgentsServiceLeftOnIsTurnedOff() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("ip", "iproute2");
        String a = "lcpa" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
        ip("link", "add", a, "type", "veth", "peer", "name", "lcpb" + a.substring(4));
        try {
            ip("link", "set", a, "promisc", "on");
            assertEquals(java.util.Optional.of(true), PromiscuousInterfaces.on(a));
            Path dir = root.resolve("run-memif");
            ChangeJournal journal = ChangeJournal.open(dir, "run");
            journal.made("lb_c-1-promisc-" + a, new Change.PromiscuousMode(a, NetworkNamespace.current(), "lb_c"));
            journal.close();
            LeftoverCleaner.Report report = LeftoverCleaner.cleanSiblings(root, null);
            assertEquals(List.of(), report.left(), report.toString());
            assertTrue(report.removed().stream().anyMatch(r -> r.startsWith("promiscuous mode of " + a + " (turned on by service lb_c)")),
                    report.toString());
            assertEquals(java.util.Optional.of(false), PromiscuousInterfaces.on(a));
        } finally {
            new ProcessBuilder("ip", "link", "del", a).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void ip(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, command + ": " + out);
    }
}
