package dev.labdeck.controller.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.engine.RunEngine;
import dev.labdeck.controller.run.RunEvent;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.controller.run.RunListener;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * START SERVICES through the real run engine, real agents on this machine (local transport, one
 * agent process per host) and real processes: order across hosts, readiness before dependants,
 * teardown in reverse, and the failures a user meets, each naming host, service and reason.
 */
class ServiceRunTest {
    @TempDir
    Path dir;
    private final List<RunEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void needsAgentAndLinux() {
        Prerequisites.requireLinux();
        Prerequisites.requireCommand("setsid", "util-linux");
        Prerequisites.require(Files.isRegularFile(Prerequisites.repoRoot().resolve("remote-agent/target/labdeck-agent.jar")),
                "the agent jar is not built (./mvnw package builds it before the controller's tests)");
    }

    private RunSummary run(String yaml) throws Exception {
        Profile p = ProfileLoader.parse(yaml, "test.yaml");
        RunOptions options = RunOptions.defaults().withRunsRoot(dir.resolve("runs"))
                .withTransport(TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot())
                        .withUserDir(dir.resolve("user")));
        RunHandle h = RunEngine.start(p, options, new RunListener() {
            @Override
            public void event(RunEvent event) {
                events.add(event);
            }
        });
        return h.await(Duration.ofSeconds(120));
    }

    /** The stage's own records of a kind (the agents report the same moments on their streams too). */
    private List<RunEvent> stage(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind) && "controller".equals(e.data().get("source"))).toList();
    }

    private static long ms(RunEvent e, String key) {
        return Long.parseLong(e.data().get(key));
    }

    @Test
    void startsAcrossHostsEachAfterWhatItNeedsIsReadyAndStopsInReverse() throws Exception {
        RunSummary summary = run("""
                name: order
                hosts:
                  a:
                    transport: local
                    services:
                      - name: second
                        command: [sh, -c, "echo ready; exec cat"]
                        after: [first]
                        readiness: {kind: log_line, pattern: "^ready$"}
                  b:
                    transport: local
                    services:
                      - name: first
                        command: [sh, -c, "sleep 0.5; echo up; exec cat"]
                        readiness: {kind: log_line, pattern: "^up$"}
                      - name: third
                        command: [cat]
                        cores: [0]
                        after: [second]
                """);
        assertTrue(summary.passed(), summary.status() + ": " + summary.error());
        List<RunEvent> started = stage("service.started");
        List<RunEvent> ready = stage("service.ready");
        assertEquals(List.of("b/first", "a/second", "b/third"),
                started.stream().map(e -> e.host() + "/" + e.data().get("service")).toList());
        assertEquals(List.of("first", "second", "third"), ready.stream().map(e -> e.data().get("service")).toList());
        for (int i = 1; i < 3; i++) {
            assertTrue(ms(started.get(i), "started_at_ms") >= ms(ready.get(i - 1), "ready_at_ms"),
                    started.get(i).data().get("service") + " started before " + ready.get(i - 1).data().get("service") + " was ready");
        }
        assertTrue(ms(ready.getFirst(), "ready_at_ms") - ms(started.getFirst(), "started_at_ms") >= 500,
                "first is ready only once it printed 'up'");
        List<RunEvent> exited = stage("service.exited");
        assertEquals(List.of("third", "second", "first"), exited.stream().map(e -> e.data().get("service")).toList());
        for (RunEvent e : exited) {
            assertEquals("stopped", e.data().get("state"));
            assertFalse(ProcessHandle.of(Long.parseLong(e.data().get("pid"))).map(ProcessHandle::isAlive).orElse(false),
                    e.data().get("service") + " outlived the run");
        }
        assertEquals("0", started.get(2).data().get("cores"));
    }

    private void assertFailedAndTornDown(RunSummary summary, String host, String service, String reasonStart) {
        assertFalse(summary.passed());
        assertNotNull(summary.error(), summary.toString());
        assertEquals(host, summary.error().host());
        assertEquals("start service " + service, summary.error().step());
        assertTrue(summary.error().message().startsWith(reasonStart), summary.error().message());
        // what had started was stopped, and nothing is left running
        List<RunEvent> exited = stage("service.exited");
        assertTrue(exited.stream().anyMatch(e -> e.data().get("service").equals("base") && e.data().get("state").equals("stopped")),
                "base was not stopped: " + exited);
        long basePid = Long.parseLong(stage("service.started").getFirst().data().get("pid"));
        assertFalse(ProcessHandle.of(basePid).map(ProcessHandle::isAlive).orElse(false), "base outlived the run");
    }

    private static final String BASE = """
            name: failing
            hosts:
              local:
                transport: local
                services:
                  - name: base
                    command: [cat]
            """;

    /** A service entry under BASE's host: written flush in the test, indented to BASE's list. */
    private static String indent6(String entry) {
        return entry.stripIndent().indent(6);
    }

    @Test
    void aCommandThatDoesNotExistFailsTheRunAndStopsWhatStarted() throws Exception {
        RunSummary s = run(BASE + indent6("""
                          - name: ghost
                            command: [no-such-dataplane-ld]
                            after: [base]
                          """));
        assertFailedAndTornDown(s, "local", "ghost", "command not found: no-such-dataplane-ld");
    }

    @Test
    void aServiceThatExitsBeforeReadyFailsTheRunWithItsExitCode() throws Exception {
        RunSummary s = run(BASE + indent6("""
                          - name: quitter
                            command: [sh, -c, "echo cannot open lb.json; exit 4"]
                            after: [base]
                            readiness: {kind: delay, duration: 10s}
                          """));
        assertFailedAndTornDown(s, "local", "quitter", "exited with code 4 before ready (last output: cannot open lb.json)");
    }

    @Test
    void aReadinessTimeoutFailsTheRunNamingWhatItWaitedFor() throws Exception {
        RunSummary s = run(BASE + indent6("""
                          - name: silent
                            command: [sleep, "300"]
                            after: [base]
                            readiness: {kind: tcp_port, port: 1}
                            start_timeout: 1s
                          """));
        assertFailedAndTornDown(s, "local", "silent", "not ready after 1 s (waited for TCP port 1 listening)");
        long pid = Long.parseLong(stage("service.started").get(1).data().get("pid"));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the timed-out service outlived the run");
    }

    @Test
    void aCrashOfACrashFailsRunServiceDuringTheRunFailsIt() throws Exception {
        // a free port: the same test may run at the same time elsewhere on this machine
        int port;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        RunSummary s = run("""
                name: crash
                hosts:
                  local:
                    transport: local
                    roles: [src, dst]
                    services:
                      - name: fragile
                        command: [sh, -c, "sleep 3; exit 7"]
                        crash_fails_run: true
                traffic:
                  source: local
                  sink: local
                  destination: 127.0.0.1
                  flows: 1
                  ports: [%d]
                  rate_pps: 100
                  packet_size: 64
                  duration: 8s
                """.formatted(port));
        assertFalse(s.passed());
        assertEquals("local", s.error().host());
        assertEquals("service fragile", s.error().step());
        assertTrue(s.error().message().startsWith("exited with code 7 during the run"), s.error().message());
    }

    /** A services-only run of {@code measure} around one host's services (flush, as in BASE). */
    private static String servicesOnly(String measure, String services) {
        return """
                name: crashes
                hosts:
                  local:
                    transport: local
                    services:
                """ + services.stripIndent().indent(6) + "measure: {duration: " + measure + "}\n";
    }

    private void killWhenReady(String service, String signal, RunEvent e) {
        if (e.kind().equals("service.ready") && "controller".equals(e.data().get("source"))
                && service.equals(e.data().get("service"))) {
            Thread.ofVirtual().start(() -> {
                try {
                    new ProcessBuilder("kill", "-s", signal, e.data().get("pid")).inheritIO().start().waitFor();
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
        }
    }

    private RunSummary runKilling(String yaml, String service, String signal) throws Exception {
        Profile p = ProfileLoader.parse(yaml, "test.yaml");
        RunOptions options = RunOptions.defaults().withRunsRoot(dir.resolve("runs"))
                .withTransport(TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot())
                        .withUserDir(dir.resolve("user")));
        return RunEngine.start(p, options, new RunListener() {
            @Override
            public void event(RunEvent event) {
                events.add(event);
                killWhenReady(service, signal, event);
            }
        }).await(Duration.ofSeconds(120));
    }

    @Test
    void aServiceKilledBySigsegvDuringTheRunFailsItWithNameHostAndSignal() throws Exception {
        RunSummary s = runKilling(servicesOnly("4s", """
                - name: victim
                  command: [sleep, "300"]
                """), "victim", "SEGV");
        assertFalse(s.passed());
        assertEquals("local", s.error().host());
        assertEquals("service victim", s.error().step());
        assertTrue(s.error().message().startsWith("killed by signal SEGV during the run"), s.error().message());
    }

    @Test
    void aServiceThatCrashesWhenStoppedAtTeardownFailsTheRun() throws Exception {
        // it dies of SIGSEGV on its stop signal, as a dataplane with a bug in its shutdown does
        RunSummary s = run(servicesOnly("1s", """
                - name: crasher
                  command: [sh, -c, "trap 'kill -s SEGV $$' TERM; echo up; while :; do sleep 0.1; done"]
                  workdir: %s
                  readiness: {kind: log_line, pattern: "^up$"}
                """.formatted(dir)));
        assertFalse(s.passed(), "a crash at teardown passed");
        assertEquals("local", s.error().host());
        assertEquals("service crasher", s.error().step());
        assertTrue(s.error().message().startsWith("killed by signal SEGV when stopped with TERM at teardown"),
                s.error().message());
        RunEvent crashed = events.stream().filter(e -> e.kind().equals("service.crashed")).findFirst().orElseThrow();
        assertEquals("SEGV", crashed.data().get("signal"));
    }

    @Test
    void aCrashAtTeardownOfAServiceThatMayFailIsOnlyAWarning() throws Exception {
        RunSummary s = run(servicesOnly("1s", """
                - name: crasher
                  command: [sh, -c, "trap 'kill -s SEGV $$' TERM; echo up; while :; do sleep 0.1; done"]
                  workdir: %s
                  readiness: {kind: log_line, pattern: "^up$"}
                  crash_fails_run: false
                """.formatted(dir)));
        assertTrue(s.passed(), s.status() + ": " + s.error());
        RunEvent crashed = events.stream().filter(e -> e.kind().equals("service.crashed")).findFirst().orElseThrow();
        assertEquals(dev.labdeck.protocol.EventLevel.WARN, crashed.level());
        assertTrue(crashed.message().contains("killed by signal SEGV"), crashed.message());
    }

    @Test
    void aStopOnItsOwnSignalIsNoCrash() throws Exception {
        RunSummary s = run(servicesOnly("1s", """
                - name: calm
                  command: [sleep, "300"]
                """));
        assertTrue(s.passed(), s.status() + ": " + s.error());
        assertTrue(events.stream().noneMatch(e -> e.kind().equals("service.crashed")), "a clean stop counted as a crash");
        assertEquals("TERM", stage("service.exited").getFirst().data().get("signal"));
    }

    @Test
    void aTestpmdKilledBySigsegvFailsTheRun() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("dpdk-testpmd", "dpdk");
        RunSummary s = runKilling(servicesOnly("4s", """
                - name: lb
                  command: [stdbuf, -oL, dpdk-testpmd, "--lcores=0@0,1@0", --no-huge, -m, "256", --no-pci,
                            --file-prefix, labdeck-crash, --vdev=net_null0, --, --total-num-mbufs=4096, --forward-mode=io,
                            --auto-start]
                  cores: [0]
                  readiness: {kind: log_line, pattern: "Press enter to exit"}
                  start_timeout: 60s
                  stop_signal: INT
                """), "lb", "SEGV");
        assertFalse(s.passed(), "testpmd's crash passed");
        assertEquals("local", s.error().host());
        assertEquals("service lb", s.error().step());
        assertTrue(s.error().message().startsWith("killed by signal SEGV during the run"), s.error().message());
    }

    @Test
    void aStopInputQuiescesEveryServiceBeforeAnyStopsThenQuitsEachCleanly() throws Exception {
        // each answers 'stop' with "Done." and exits 0 on 'quit', as an interactive testpmd does
        String cli = "echo up; while read l; do case $l in stop) echo Done.;; quit) echo bye; exit 0;; esac; done";
        RunSummary s = run(servicesOnly("1s", """
                - name: first
                  command: [sh, -c, "%1$s"]
                  readiness: {kind: log_line, pattern: "^up$"}
                  stop_input: {quiesce: stop, quiesced: '^Done\\.$', quit: quit}
                - name: second
                  command: [sh, -c, "%1$s"]
                  after: [first]
                  readiness: {kind: log_line, pattern: "^up$"}
                  stop_input: {quiesce: stop, quiesced: '^Done\\.$', quit: quit}
                """.formatted(cli)));
        assertTrue(s.passed(), s.status() + ": " + s.error());
        List<RunEvent> quiesced = events.stream().filter(e -> e.kind().equals("service.quiesced")).toList();
        assertEquals(List.of("second", "first"), quiesced.stream().map(e -> e.data().get("service")).toList(),
                events.stream().map(e -> e.kind() + ": " + e.message()).toList().toString());
        assertEquals(List.of("Done.", "Done."), quiesced.stream().map(e -> e.data().get("output")).toList());
        List<RunEvent> exited = stage("service.exited");
        assertEquals(List.of("second", "first"), exited.stream().map(e -> e.data().get("service")).toList());
        // both were quiesced before either was stopped, and each quit by itself (code 0, no signal)
        assertTrue(events.indexOf(quiesced.getLast()) < events.indexOf(exited.getFirst()), "a service was stopped before all were quiesced");
        for (RunEvent e : exited) {
            assertEquals("0", e.data().get("exit_code"), e.message());
            assertEquals(null, e.data().get("signal"), e.message());
        }
        assertTrue(events.stream().noneMatch(e -> e.kind().equals("service.crashed")));
    }

    @Test
    void aServiceThatIgnoresItsQuitLineGetsItsStopSignalAfterTheGrace() throws Exception {
        RunSummary s = run(servicesOnly("1s", """
                - name: deaf
                  command: [sh, -c, "echo up; while read l; do :; done; sleep 300"]
                  readiness: {kind: log_line, pattern: "^up$"}
                  stop_input: {quit: quit}
                  stop_grace: 1s
                """));
        assertTrue(s.passed(), s.status() + ": " + s.error());
        assertEquals("TERM", stage("service.exited").getFirst().data().get("signal"));
    }

    @Test
    void anInteractiveTestpmdQuiescesAndQuitsCleanly() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("dpdk-testpmd", "dpdk");
        RunSummary s = run(servicesOnly("2s", """
                - name: lb
                  command: [stdbuf, -oL, dpdk-testpmd, "--lcores=0@0,1@0", --no-huge, -m, "256", --no-pci,
                            --file-prefix, labdeck-quit, --vdev=net_null0, --, -i, --total-num-mbufs=4096,
                            --forward-mode=io, --auto-start]
                  cores: [0]
                  readiness: {kind: log_line, pattern: "Start automatic packet forwarding"}
                  start_timeout: 60s
                  stop_input: {quiesce: stop, quiesced: '^Done\\.$', quit: quit}
                  stop_signal: INT
                """));
        assertTrue(s.passed(), s.status() + ": " + s.error());
        RunEvent quiesced = events.stream().filter(e -> e.kind().equals("service.quiesced")).findFirst().orElseThrow();
        assertEquals("Done.", quiesced.data().get("output"));
        RunEvent exited = stage("service.exited").getFirst();
        assertEquals("0", exited.data().get("exit_code"), exited.message());
        assertEquals(null, exited.data().get("signal"), exited.message());
    }
}
