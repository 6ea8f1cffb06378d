package dev.labdeck.agent.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.protocol.EventLevel;
import dev.labdeck.protocol.ServiceState;
import dev.labdeck.nativeio.CpuAffinity;
import dev.labdeck.nativeio.ProcessSignals;
import dev.labdeck.nativeio.Signal;
import dev.labdeck.protocol.AgentEvent;
import dev.labdeck.protocol.ReadinessProbe;
import dev.labdeck.protocol.AgentLimits;
import dev.labdeck.protocol.ServiceOutput;
import dev.labdeck.protocol.ServiceInput;
import dev.labdeck.protocol.ServiceInputResult;
import dev.labdeck.protocol.ServiceStart;
import dev.labdeck.protocol.ServiceStatus;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor with real processes: groups, pinning, stdin, exits, signals, probes, timeouts. */
class ServiceSupervisorTest {
    @TempDir
    Path dir;
    private final List<AgentEvent> events = new CopyOnWriteArrayList<>();
    private ServiceSupervisor supervisor;

    @BeforeEach
    void setUp() {
        Prerequisites.requireLinux();
        Prerequisites.requireCommand("setsid", "util-linux");
        supervisor = new ServiceSupervisor(dir.resolve("logs"), events::add);
    }

    @AfterEach
    void tearDown() {
        if (supervisor != null) {
            supervisor.close();
        }
    }

    private static ServiceStart service(String name, List<String> command, ReadinessProbe probe, long timeoutMs) {
        return new ServiceStart(name, command, null, Map.of(), List.of(), probe, timeoutMs, "TERM", 2000);
    }

    private ServiceStatus await(String name, Set<ServiceState> states) {
        return Eventually.value("service " + name + " to be one of " + states, Duration.ofSeconds(15),
                () -> supervisor.status(name).orElseThrow(), s -> states.contains(s.state()));
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
        Eventually.await(what, Duration.ofSeconds(10), condition::getAsBoolean);
    }

    /**
     * dpdk-testpmd with an af_packet port on a veth turns the veth's promiscuous mode on and leaves it
     * on when it quits (seen by hand: PROMISC after "Bye..."); the supervisor turns it off again once
     * the service has exited, says so, and records it in the journal until then.
     */
    @Test
    void anAfPacketPortsPromiscuousModeIsTurnedOffAgainWhenItsServiceHasExited() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("dpdk-testpmd", "dpdk");
        Prerequisites.requireCommand("ip", "iproute2");
        String a = "ldpa" + ProcessHandle.current().pid() % 100_000;
        String b = "ldpb" + ProcessHandle.current().pid() % 100_000;
        run("ip", "link", "add", a, "type", "veth", "peer", "name", b);
        try {
            run("ip", "link", "set", a, "up");
            run("ip", "link", "set", b, "up");
            assertFalse(flags(a).contains("PROMISC"), flags(a));
            supervisor.close();
            var journal = dev.labdeck.agent.journal.ChangeJournal.open(dir.resolve("state"), "promisc-test");
            supervisor = new ServiceSupervisor(dir.resolve("logs"), events::add, "t1", journal);
            supervisor.start(new ServiceStart("lb", List.of("stdbuf", "-oL", "dpdk-testpmd", "--lcores=0@0,1@0", "--no-huge", "-m", "256", "--no-pci",
                    "--file-prefix", "ldp", "--vdev=net_af_packet0,iface=" + a, "--", "--port-topology=loop",
                    "--total-num-mbufs=2048"), null, Map.of(), List.of(), new ReadinessProbe.LogLine("^Press enter to exit"),
                    20_000, "TERM", 5000));
            await("lb", Set.of(ServiceState.READY));
            assertTrue(flags(a).contains("PROMISC"), "testpmd's af_packet port turned it on: " + flags(a));
            assertTrue(journal.open().values().stream().anyMatch(c -> c.describe().equals(
                    "promiscuous mode of " + a + " (turned on by service lb)")), journal.open().toString());

            supervisor.stop("lb");
            Eventually.await("the promiscuous-off event", Duration.ofSeconds(15),
                    () -> events.stream().anyMatch(e -> e.kind().equals("service.promiscuous_off")));
            assertFalse(flags(a).contains("PROMISC"), "as before the service: " + flags(a));
            assertTrue(journal.open().values().stream().noneMatch(c -> c instanceof dev.labdeck.agent.journal.Change.PromiscuousMode),
                    journal.open().toString());
            journal.close();
        } finally {
            run("ip", "link", "del", a);
        }
    }

    private static String flags(String link) throws Exception {
        return run("ip", "-o", "link", "show", "dev", link).replaceAll("^[^<]*(<[^>]*>).*$", "$1").strip();
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
        return out;
    }

    @Test
    void runsInItsOwnGroupPinnedToItsCoreWithStdinHeldOpen() throws Exception {
        // cat exits at EOF on stdin: it stays up only while the supervisor holds stdin open
        ServiceStart start = new ServiceStart("cat", List.of("cat"), dir.toString(), Map.of("LABDECK_T", "1"),
                List.of(0), null, 5000, "TERM", 2000);
        ServiceStatus started = supervisor.start(start);
        ServiceStatus ready = await("cat", Set.of(ServiceState.READY, ServiceState.EXITED, ServiceState.FAILED));
        assertEquals(ServiceState.READY, ready.state());
        long pid = started.pid();
        awaitTrue("cat became its own process group leader", () -> {
            try {
                return ProcessSignals.processGroup(pid) == pid;
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(Set.of(0), CpuAffinity.get(pid));
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "cat must still run with stdin open");

        ServiceStatus stopped = supervisor.stop("cat");
        assertEquals(ServiceState.STOPPED, stopped.state());
        assertFalse(ProcessSignals.groupAlive(pid));
        assertTrue(events.stream().anyMatch(e -> e.kind().equals("service.started")));
        assertTrue(events.stream().anyMatch(e -> e.kind().equals("service.ready")));
    }

    @Test
    void stopEscalatesToKillOfTheWholeGroupAndLeavesNoChild() throws Exception {
        // the shell and its background child both ignore TERM: only SIGKILL to the group ends them
        ServiceStart start = new ServiceStart("stubborn", List.of("sh", "-c", "trap '' TERM; sleep 300 & echo up; wait"),
                null, Map.of(), List.of(), new ReadinessProbe.LogLine("^up$"), 5000, "TERM", 300);
        long pid = supervisor.start(start).pid();
        await("stubborn", Set.of(ServiceState.READY));
        awaitTrue("the background child exists", () -> ProcessHandle.of(pid).map(p -> p.children().count() > 0).orElse(false));
        List<ProcessHandle> children = ProcessHandle.of(pid).orElseThrow().descendants().toList();

        ServiceStatus stopped = supervisor.stop("stubborn");
        assertEquals(ServiceState.STOPPED, stopped.state());
        assertEquals("KILL", stopped.signal());
        assertNull(stopped.exitCode());
        assertFalse(ProcessSignals.groupAlive(pid), "no process of the group may survive");
        for (ProcessHandle c : children) {
            assertFalse(c.isAlive(), "child " + c.pid() + " outlived the service");
        }
    }

    @Test
    void aServiceThatExitsTakesItsLeftoverChildrenWithIt() throws Exception {
        long pid = supervisor.start(service("leaver", List.of("sh", "-c", "sleep 300 & echo $!; exit 0"), null, 5000)).pid();
        ServiceStatus s = await("leaver", Set.of(ServiceState.EXITED, ServiceState.FAILED)); // it may exit before it is seen ready
        assertEquals(0, s.exitCode());
        awaitTrue("the background child of the exited service is killed", () -> {
            try {
                return !ProcessSignals.groupAlive(pid);
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void anExitBeforeReadyFailsWithTheExitCodeAndLastOutput() throws Exception {
        supervisor.start(service("quitter", List.of("sh", "-c", "echo bad config; exit 3"),
                new ReadinessProbe.Delay(5000), 10000));
        ServiceStatus s = await("quitter", Set.of(ServiceState.FAILED, ServiceState.READY));
        assertEquals(ServiceState.FAILED, s.state());
        assertEquals(3, s.exitCode());
        assertEquals("exited with code 3 before ready (last output: bad config)", s.reason());
        assertTrue(Files.readString(Path.of(s.logFile())).contains("bad config"));
        awaitTrue("service.exited event", () -> events.stream().anyMatch(e -> e.kind().equals("service.exited")
                && "3".equals(e.data().get("exit_code"))));
    }

    @Test
    void aCrashBySignalAfterReadyIsReportedWithTheSignal() throws Exception {
        long pid = supervisor.start(service("victim", List.of("sleep", "300"), null, 5000)).pid();
        await("victim", Set.of(ServiceState.READY));
        ProcessSignals.signalProcess(pid, Signal.USR1);
        ServiceStatus s = await("victim", Set.of(ServiceState.EXITED));
        assertEquals("USR1", s.signal());
        assertNull(s.exitCode());
        awaitTrue("service.exited event with signal", () -> events.stream().anyMatch(e -> e.kind().equals("service.exited")
                && "USR1".equals(e.data().get("signal")) && e.level() == EventLevel.WARN));
    }

    @Test
    void handsBackItsOutputOrAFileInItsWorkingDirectoryWholeOrItsEnd() throws Exception {
        // more than the limit: the end of it comes back (results come last), and says it was cut
        ServiceStart start = new ServiceStart("writer", List.of("sh", "-c",
                "echo '{\"rps\": 412.5}' > r.json; head -c " + (AgentLimits.MAX_SERVICE_OUTPUT_BYTES + 10)
                        + " /dev/zero | tr '\\0' x > big.txt; echo 'total: 1200 requests'"),
                dir.toString(), Map.of(), List.of(), null, 5000, "TERM", 2000);
        supervisor.start(start);
        await("writer", Set.of(ServiceState.EXITED, ServiceState.FAILED));
        ServiceOutput log = supervisor.output("writer", null);
        assertEquals("total: 1200 requests\n", log.text());
        assertFalse(log.truncated());
        assertEquals(supervisor.status("writer").orElseThrow().logFile(), log.source());
        ServiceOutput json = supervisor.output("writer", "r.json");
        assertEquals("{\"rps\": 412.5}\n", json.text());
        assertEquals(dir.resolve("r.json").toString(), json.source());
        ServiceOutput big = supervisor.output("writer", "big.txt");
        assertTrue(big.truncated());
        assertEquals(AgentLimits.MAX_SERVICE_OUTPUT_BYTES + 10, big.sizeBytes());
        assertEquals(AgentLimits.MAX_SERVICE_OUTPUT_BYTES, big.text().length());
        java.io.IOException missing = assertThrows(java.io.IOException.class, () -> supervisor.output("writer", "c.json"));
        assertEquals("service writer: " + dir.resolve("c.json") + " does not exist (working directory " + dir + ")",
                missing.getMessage());
        assertThrows(java.util.NoSuchElementException.class, () -> supervisor.output("nobody", null));
    }

    @Test
    void aLogLineProbeWaitsForTheLineAndLinesAreStreamed() throws Exception {
        supervisor.start(service("talker", List.of("sh", "-c",
                "echo starting; sleep 0.3; echo 'listening on port 4242'; exec cat"),
                new ReadinessProbe.LogLine("listening on port \\d+"), 5000));
        ServiceStatus s = await("talker", Set.of(ServiceState.READY, ServiceState.FAILED));
        assertEquals(ServiceState.READY, s.state());
        assertTrue(s.readyAtMs() - s.startedAtMs() >= 300, "ready before the line was printed: " + s);
        List<String> lines = events.stream().filter(e -> e.kind().equals("service.log")).map(e -> e.data().get("line")).toList();
        assertEquals(List.of("starting", "listening on port 4242"), lines);
        assertEquals("starting\nlistening on port 4242\n", Files.readString(Path.of(s.logFile())));
    }

    @Test
    void aLineOnItsStdinIsAnsweredAndItsQuitLineStopsItWithoutASignal() throws Exception {
        // an interactive program: 'stop' is answered after a while, 'quit' ends it with code 0
        ServiceStart start = new ServiceStart("cli", List.of("sh", "-c",
                "echo up; while read l; do case $l in stop) sleep 0.3; echo Done.;; quit) exit 0;; esac; done; exit 9"),
                null, Map.of(), List.of(), new ReadinessProbe.LogLine("^up$"), 5000, "TERM", 5000, false, "quit");
        supervisor.start(start);
        assertEquals(ServiceState.READY, await("cli", Set.of(ServiceState.READY, ServiceState.FAILED)).state());
        ServiceInputResult r = supervisor.input("cli", new ServiceInput("stop", "^Done\\.$", 5000));
        assertEquals("Done.", r.matchedLine());
        assertTrue(r.waitedMs() >= 300, "answered before the output said so: " + r);
        // nothing awaited: answered at once, no line
        assertEquals(null, supervisor.input("cli", new ServiceInput("hello", null, 0)).matchedLine());

        ServiceStatus stopped = supervisor.stop("cli");
        assertEquals(ServiceState.STOPPED, stopped.state());
        assertEquals(0, stopped.exitCode(), "quit on stdin must end it by itself: " + stopped);
        assertEquals(null, stopped.signal());
        assertThrows(IllegalStateException.class, () -> supervisor.input("cli", new ServiceInput("stop", null, 0)));
    }

    @Test
    void aReadinessTimeoutFailsAndStopsTheProcess() throws Exception {
        long pid = supervisor.start(service("slow", List.of("sleep", "300"),
                new ReadinessProbe.FileExists(dir.resolve("never").toString()), 500)).pid();
        ServiceStatus s = await("slow", Set.of(ServiceState.FAILED));
        assertEquals("not ready after 500 ms (waited for file " + dir.resolve("never") + " exists)", s.reason());
        awaitTrue("the timed-out process is gone", () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        awaitTrue("its exit is recorded", () -> supervisor.status("slow").orElseThrow().signal() != null);
        assertEquals("TERM", supervisor.status("slow").orElseThrow().signal());
        assertEquals(ServiceState.FAILED, supervisor.status("slow").orElseThrow().state());
    }

    @Test
    void aUnixSocketProbeSeesAListeningSocket() throws Exception {
        Path sock = dir.resolve("svc.sock");
        supervisor.start(service("waiter", List.of("sleep", "300"), new ReadinessProbe.UnixSocket(sock.toString()), 10000));
        assertEquals(ServiceState.STARTING, supervisor.status("waiter").orElseThrow().state());
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            assertEquals(ServiceState.READY, await("waiter", Set.of(ServiceState.READY, ServiceState.FAILED)).state());
        }
    }

    @Test
    void aCommandThatDoesNotExistIsRefusedWithItsName() {
        ServiceStartException e = assertThrows(ServiceStartException.class,
                () -> supervisor.start(service("ghost", List.of("no-such-command-labdeck"), null, 1000)));
        assertEquals(ServiceStartException.Kind.LAUNCH_FAILED, e.kind());
        assertEquals("service ghost: command not found: no-such-command-labdeck (not on PATH)", e.getMessage());
        ServiceStartException rel = assertThrows(ServiceStartException.class,
                () -> supervisor.start(new ServiceStart("lb", List.of("../../build/lb", "lb_s.json"), dir.toString(),
                        Map.of(), List.of(), null, 1000, null, 0)));
        assertTrue(rel.getMessage().startsWith("service lb: command not found: ../../build/lb (in working directory"),
                rel.getMessage());
    }

    @Test
    void aCoreTheHostDoesNotHaveIsRefused() {
        ServiceStartException e = assertThrows(ServiceStartException.class,
                () -> supervisor.start(new ServiceStart("far", List.of("sleep", "1"), null, Map.of(), List.of(999),
                        null, 1000, null, 0)));
        assertEquals(ServiceStartException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("service far: core 999 is not available on this host"), e.getMessage());
    }
}
