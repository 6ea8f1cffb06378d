package dev.labdeck.controller.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * End to end in the lab-in-a-box: {@code lab-in-a-box-memif.yaml} starts the seed's four-step
 * chain with dpdk-testpmd on the lab's memif host over real SSH and real memif links, in the
 * seed's order; telemetry shows the packets lb_c sent across the memif link and lb_s received,
 * in metrics.csv; and after the run no testpmd and no DPDK runtime directory of the run is left.
 */
class MemifLabRunTest {
    @TempDir
    Path runs;

    @Test
    void theSeedsChainStartsInOrderAndMovesPacketsAcrossTheMemifLink() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("dpdk-testpmd", "dpdk");
        Prerequisites.requireCommand("stdbuf", "coreutils");
        Path root = Prerequisites.repoRoot();
        Prerequisites.require(Files.isRegularFile(root.resolve("remote-agent/target/labdeck-agent.jar")),
                "the agent jar is not built (./mvnw package -DskipTests)");
        // file prefixes and memif sockets unique to this test run: other tests may run DPDK at the same time
        String unique = "ldm" + Long.toString(ProcessHandle.current().pid(), 36);
        String yaml = Files.readString(root.resolve("profiles/lab-in-a-box-memif.yaml")).replace("labdeck-memif", unique);
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        RunSummary summary;
        Path runDir;
        try (LabFixture lab = LabFixture.up("mf1")) {
            Profile p = lab.resolve(ProfileLoader.parse(yaml, "lab-in-a-box-memif.yaml"));
            RunOptions options = RunOptions.defaults().withRunsRoot(runs)
                    .withTransport(TransportOptions.defaults().withLabdeckHome(root));
            RunHandle run = RunEngine.start(p, options, new RunListener() {
                @Override
                public void event(RunEvent event) {
                    events.add(event);
                }
            });
            summary = run.await(Duration.ofSeconds(240));
            runDir = run.runDirectory();
        }
        assertTrue(summary.passed(), "run " + summary.status() + ": " + summary.error() + "; see " + runDir);

        // ready in the seed's order, each started only after the one before was ready
        List<RunEvent> started = events.stream().filter(e -> e.kind().equals("service.started") && isStage(e)).toList();
        List<RunEvent> ready = events.stream().filter(e -> e.kind().equals("service.ready") && isStage(e)).toList();
        assertEquals(List.of("lb_s", "lb_c", "server", "client"), ready.stream().map(e -> e.data().get("service")).toList());
        assertEquals(List.of("lb_s", "lb_c", "server", "client"), started.stream().map(e -> e.data().get("service")).toList());
        for (int i = 1; i < 4; i++) {
            assertTrue(ms(started.get(i), "started_at_ms") >= ms(ready.get(i - 1), "ready_at_ms"),
                    started.get(i).data().get("service") + " started before " + ready.get(i - 1).data().get("service") + " was ready");
            assertTrue(ready.get(i).time().compareTo(ready.get(i - 1).time()) >= 0);
        }

        // lb_c sent across the memif link (its port 0) and lb_s received (its port 0), in metrics.csv
        double sent = max(runDir, "dpdk.tx_packets", unique + "-lbc");
        double received = max(runDir, "dpdk.rx_packets", unique + "-lbs");
        assertTrue(sent > 0, "lb_c sent no packets over the memif link");
        assertTrue(received > 0, "lb_s received no packets over the memif link");
        assertTrue(max(runDir, "dpdk.rx_packets", unique + "-srv") > 0, "the server received nothing");
        assertTrue(max(runDir, "dpdk.tx_packets", unique + "-cli") > 0, "the client sent nothing");

        // nothing of the run is left: no testpmd of it, no DPDK runtime directory of it
        assertEquals(List.of(), processesMentioning(unique), "testpmd processes left");
        try (Stream<Path> dirs = Files.list(Path.of("/var/run/dpdk"))) {
            assertEquals(List.of(), dirs.filter(d -> d.getFileName().toString().startsWith(unique)).toList(),
                    "DPDK runtime directories left");
        }
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
