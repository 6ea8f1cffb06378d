package dev.labdeck.controller.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.lab.LabFixture;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.results.MetricRow;
import dev.labdeck.controller.results.MetricsCsv;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.engine.RunEngine;
import dev.labdeck.controller.run.RunEvent;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.controller.run.RunListener;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end in the lab-in-a-box: {@code lab-in-a-box-memif.yaml}, as bundled plus a gate service that
 * holds each measurement until both chains are up, runs in two
 * labs at the same time; each starts the seed's four-step chain with dpdk-testpmd on its memif
 * host over real SSH and real memif links, in the seed's order; telemetry shows the packets lb_c
 * sent across the memif link and lb_s received, in metrics.csv, and only the run's own DPDK
 * processes; and after the runs no testpmd and no DPDK runtime directory of either is left.
 */
class MemifLabRunTest {
    private static final List<String> SERVICES = List.of("lb_s", "lb_c", "server", "client");

    @TempDir
    Path runs;

    @Test
    void twoLabsRunTheSeedsChainAtOnceEachInOrderMovingPacketsAcrossItsOwnMemifLink() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("dpdk-testpmd", "dpdk");
        Prerequisites.requireCommand("stdbuf", "coreutils");
        Path root = Prerequisites.repoRoot();
        Prerequisites.require(Files.isRegularFile(root.resolve("remote-agent/target/labdeck-agent.jar")),
                "the agent jar is not built (./mvnw package -DskipTests)");
        // The two runs must be at once: each holds its measurement until both have their chain up. A
        // "gate" service, after the client, is ready only when the test writes its file, which it does
        // once both clients are ready (on a loaded machine one lab's deploy can take longer than the
        // other's whole 5 s run).
        Path gate = runs.resolve("both-chains-up");
        String yaml = Files.readString(root.resolve("profiles/lab-in-a-box-memif.yaml")).replace("links:\n", """
                      - name: gate
                        command: [sleep, "600"]
                        after: [client]
                        readiness: {kind: file_exists, path: "%s"}
                        start_timeout: 240s
                        stop_signal: TERM
                        stop_grace: 5s
                links:
                """.formatted(gate));
        List<String> prefixes = new ArrayList<>();
        try (LabFixture a = LabFixture.up("mf1"); LabFixture b = LabFixture.up("mf2")) {
            Labrun runA = Labrun.start(a, yaml, runs.resolve("a"), root);
            Labrun runB = Labrun.start(b, yaml, runs.resolve("b"), root);
            Eventually.await("both labs' chains up to the client", Duration.ofSeconds(240),
                    () -> runA.handle.isDone() || runB.handle.isDone() || hasReady(runA, "client") && hasReady(runB, "client"));
            Files.writeString(gate, "open\n");
            RunSummary summaryA = runA.handle.await(Duration.ofSeconds(300));
            RunSummary summaryB = runB.handle.await(Duration.ofSeconds(300));
            assertTrue(summaryA.passed(), "lab " + a.name() + ": run " + summaryA.status() + ": " + summaryA.error()
                    + "; see " + runA.handle.runDirectory());
            assertTrue(summaryB.passed(), "lab " + b.name() + ": run " + summaryB.status() + ": " + summaryB.error()
                    + "; see " + runB.handle.runDirectory());
            for (Labrun run : List.of(runA, runB)) {
                prefixes.addAll(checkOrderAndPackets(run));
            }
            assertEquals(8, new java.util.HashSet<>(prefixes).size(), "the two runs shared a DPDK file prefix: " + prefixes);
            // the two runs overlapped: each was measuring while the other's services were up
            assertTrue(readyAt(runA, "client") < endedAt(runB) && readyAt(runB, "client") < endedAt(runA),
                    "the two runs did not overlap");
        }

        // nothing of the runs is left: no testpmd of them, no DPDK runtime directory of them
        // (other checkouts may run this profile at the same moment: only this test's prefixes count)
        for (String prefix : prefixes) {
            assertEquals(List.of(), processesMentioning(prefix), "testpmd processes left");
            assertFalse(Files.exists(Path.of("/var/run/dpdk", prefix)), "DPDK runtime directory left: " + prefix);
        }
    }

    private record Labrun(RunHandle handle, List<RunEvent> events) {
        static Labrun start(LabFixture lab, String yaml, Path runsRoot, Path root) throws Exception {
            List<RunEvent> events = new CopyOnWriteArrayList<>();
            Profile p = lab.resolve(ProfileLoader.parse(yaml, "lab-in-a-box-memif.yaml"));
            RunOptions options = RunOptions.defaults().withRunsRoot(runsRoot)
                    .withTransport(TransportOptions.defaults().withLabdeckHome(root));
            RunHandle run = RunEngine.start(p, options, new RunListener() {
                @Override
                public void event(RunEvent event) {
                    events.add(event);
                }
            });
            return new Labrun(run, events);
        }
    }

    /** Returns the run's DPDK file prefixes. */
    private static List<String> checkOrderAndPackets(Labrun run) throws IOException {
        List<RunEvent> events = run.events();
        Path runDir = run.handle().runDirectory();
        // ready in the seed's order, each started only after the one before was ready
        List<RunEvent> started = events.stream().filter(e -> e.kind().equals("service.started") && isStage(e)
                && SERVICES.contains(e.data().get("service"))).toList();
        List<RunEvent> ready = events.stream().filter(e -> e.kind().equals("service.ready") && isStage(e)
                && SERVICES.contains(e.data().get("service"))).toList();
        assertEquals(SERVICES, ready.stream().map(e -> e.data().get("service")).toList());
        assertEquals(SERVICES, started.stream().map(e -> e.data().get("service")).toList());
        for (int i = 1; i < 4; i++) {
            assertTrue(ms(started.get(i), "started_at_ms") >= ms(ready.get(i - 1), "ready_at_ms"),
                    started.get(i).data().get("service") + " started before " + ready.get(i - 1).data().get("service") + " was ready");
            assertTrue(ready.get(i).time().compareTo(ready.get(i - 1).time()) >= 0);
        }
        // every testpmd stopped forwarding before any went away, then each quit by itself: no crash
        CleanTeardown.assertQuiescedThenQuit(events, SERVICES);
        // each service ran with a DPDK file prefix of this run, named in the agent's start event
        List<String> prefixes = events.stream().filter(e -> e.kind().equals("service.dpdk_file_prefix"))
                .map(e -> e.data().get("dpdk_file_prefix")).toList();
        assertEquals(4, prefixes.stream().filter(x -> x != null && x.matches("labdeck-memif-(lbs|lbc|srv|cli)-r[0-9a-z]+")).count(),
                "per-run file prefixes: " + prefixes);

        // lb_c sent across the memif link (its port 0) and lb_s received (its port 0), in metrics.csv
        assertTrue(max(runDir, "dpdk.tx_packets", "labdeck-memif-lbc") > 0, "lb_c sent no packets over the memif link");
        assertTrue(max(runDir, "dpdk.rx_packets", "labdeck-memif-lbs") > 0, "lb_s received no packets over the memif link");
        assertTrue(max(runDir, "dpdk.rx_packets", "labdeck-memif-srv") > 0, "the server received nothing");
        assertTrue(max(runDir, "dpdk.tx_packets", "labdeck-memif-cli") > 0, "the client sent nothing");
        // only this run's DPDK processes are sampled, each under its service's name
        List<MetricRow> dpdk = MetricsCsv.read(runDir, r -> r.metric().startsWith("dpdk."));
        assertEquals(java.util.Set.of("lb_s", "lb_c", "server", "client"),
                dpdk.stream().map(r -> r.labels().get("service")).collect(java.util.stream.Collectors.toSet()));
        return prefixes;
    }

    private static boolean hasReady(Labrun run, String service) {
        return run.events().stream().anyMatch(e -> e.kind().equals("service.ready") && isStage(e)
                && service.equals(e.data().get("service")));
    }

    private static long readyAt(Labrun run, String service) {
        return run.events().stream().filter(e -> e.kind().equals("service.ready") && isStage(e)
                && service.equals(e.data().get("service"))).mapToLong(e -> ms(e, "ready_at_ms")).findFirst().orElseThrow();
    }

    private static long endedAt(Labrun run) {
        return run.events().stream().filter(e -> e.kind().equals("service.exited") && isStage(e)
                && "lb_s".equals(e.data().get("service"))).mapToLong(e -> ms(e, "ended_at_ms")).findFirst().orElseThrow();
    }

    private static boolean isStage(RunEvent e) {
        return "controller".equals(e.data().get("source"));
    }

    private static long ms(RunEvent e, String key) {
        return Long.parseLong(e.data().get(key));
    }

    private static double max(Path runDir, String metric, String process) throws IOException {
        List<MetricRow> rows = MetricsCsv.read(runDir, r -> r.metric().equals(metric)
                && process.equals(r.labels().get("process")) && "0".equals(r.labels().get("port")));
        return rows.stream().mapToDouble(MetricRow::value).max().orElse(-1);
    }

    private static List<String> processesMentioning(String text) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmd.contains(text) && !cmd.contains("surefire") && !cmd.contains("java")) {
                        found.add(p.getFileName() + ": " + cmd);
                    }
                } catch (IOException gone) {
                    // exited while we looked
                }
            }
        }
        return found;
    }
}
