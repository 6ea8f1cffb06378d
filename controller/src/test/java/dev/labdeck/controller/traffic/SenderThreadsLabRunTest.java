package dev.labdeck.controller.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.engine.RunEngine;
import dev.labdeck.controller.lab.LabFixture;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.results.FlowSummary;
import dev.labdeck.controller.results.RunStatus;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.results.TrafficSummary;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.protocol.TrafficEngine;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code traffic.threads} in the lab-in-a-box: src's agent sends with that many threads, each
 * pinned to its own core, as src's kernel shows them ({@code /proc/<pid>/task/<tid>/status}
 * Cpus_allowed_list of the agent's {@code traffic-tx-N} threads, found in src's network namespace
 * while they send); summary.json and the events name the same cores; every flow's packets are
 * exact and counted by src's kernel.
 */
class SenderThreadsLabRunTest {
    private static LabFixture lab;

    @BeforeAll
    static void up() {
        lab = LabFixture.up("th1");
    }

    @AfterAll
    static void down() {
        if (lab != null) lab.close();
    }

    private static long srcTx() throws Exception {
        return ProtocolJson.mapper().readTree(lab.run("src", "ip", "-s", "-j", "link", "show", "dev", "data0"))
                .get(0).path("stats64").path("tx").path("packets").asLong();
    }

    /** Every process in src's network namespace (its agent), by pid. */
    private static List<Path> srcProcesses(String srcNetns) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).filter(p -> {
                try {
                    return srcNetns.equals(Files.readSymbolicLink(p.resolve("ns/net")).toString());
                } catch (IOException | RuntimeException e) {
                    return false; // gone, or not ours to read
                }
            }).toList();
        }
    }

    /** The agent's sending threads in src's namespace: thread name → the cores the kernel lets it run on. */
    private static Map<String, String> sendingThreads(String srcNetns) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (Path proc : srcProcesses(srcNetns)) {
            try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        String comm = Files.readString(task.resolve("comm")).strip();
                        if (!comm.startsWith("traffic-tx-")) continue;
                        String cores = Files.readAllLines(task.resolve("status")).stream()
                                .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow()
                                .substring("Cpus_allowed_list:".length()).strip();
                        out.put(comm, cores);
                    } catch (IOException e) {
                        // the thread ended between listing and reading
                    }
                }
            }
        }
        return out;
    }

    /** The cores src's agent may use: its main thread's affinity (the process whose threads send). */
    private static int agentCores(String srcNetns) throws IOException {
        for (Path proc : srcProcesses(srcNetns)) {
            try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
                boolean sends = tasks.anyMatch(task -> {
                    try {
                        return Files.readString(task.resolve("comm")).startsWith("traffic-tx-");
                    } catch (IOException e) {
                        return false;
                    }
                });
                if (!sends) continue;
            }
            String list = Files.readAllLines(proc.resolve("status")).stream().filter(l -> l.startsWith("Cpus_allowed_list:"))
                    .findFirst().orElseThrow().substring("Cpus_allowed_list:".length()).strip();
            return expand(list).size();
        }
        throw new IllegalStateException("no process in src's namespace has sending threads");
    }

    static TreeSet<Integer> expand(String list) {
        TreeSet<Integer> cores = new TreeSet<>();
        for (String part : list.split(",")) {
            String[] r = part.split("-");
            for (int c = Integer.parseInt(r[0]); c <= Integer.parseInt(r[r.length - 1]); c++) cores.add(c);
        }
        return cores;
    }

    @ParameterizedTest(name = "{0} with threads {1}")
    @CsvSource({"xdp-live, 2", "socket, 2", "xdp-live, auto"})
    void eachSendingThreadRunsPinnedToItsOwnCoreAndTheCountsStayExact(String engine, String threads, @TempDir Path runs)
            throws Exception {
        String srcNetns = lab.run("src", "readlink", "/proc/self/ns/net").strip();
        String yaml = Files.readString(Prerequisites.repoRoot().resolve("profiles/lab-in-a-box-udp.yaml"))
                .replace("rate_pps: 10000", "rate_pps: 2000\n  engine: " + engine + "\n  threads: " + threads)
                .replace("duration: 5s", "duration: 4s");
        TransportOptions transport = TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot())
                .withConnectTimeout(Duration.ofSeconds(45));
        long before = srcTx();
        RunHandle run = RunEngine.start(lab.resolve(ProfileLoader.parse(yaml, "threads.yaml")),
                RunOptions.defaults().withRunsRoot(runs).withTransport(transport), null);

        // while the source sends: its threads, each with one core of its own, as the kernel has them
        // every thread the run asked for (auto: one per core the agent may use, at most 4) must be seen at
        // once: the threads start one after the other, so an early sample may hold only some of them
        record Sample(Map<String, String> threads, int wanted) {}
        Sample sample = Eventually.value("src's agent sending with all its threads pinned", Duration.ofSeconds(90),
                () -> new Sample(sendingThreads(srcNetns), "auto".equals(threads) ? Math.min(4, agentCores(srcNetns)) : 2),
                s -> s.threads().size() == s.wanted() && s.threads().values().stream().allMatch(c -> expand(c).size() == 1)
                        && s.threads().values().stream().distinct().count() == s.wanted());
        Map<String, String> seen = sample.threads();
        int expectedThreads = sample.wanted();
        RunSummary summary = run.await(Duration.ofSeconds(150));

        assertEquals(RunStatus.PASSED, summary.status(), summary.error() + "; see " + run.runDirectory());
        assertEquals(expectedThreads, seen.size(), "sending threads in src's kernel: " + seen);
        TrafficSummary t = summary.traffic();
        assertEquals(TrafficEngine.of(engine), t.engine());
        assertEquals(expectedThreads, t.threads());
        String cores = seen.values().stream().map(Integer::parseInt).sorted().map(String::valueOf).collect(Collectors.joining(", "));
        String line = expectedThreads + " sending threads, pinned to cores " + cores;
        assertTrue(t.engineNotes().contains(line), "summary.json's engine notes name the kernel's cores: " + line + " in " + t.engineNotes());
        List<JsonNode> done = Files.readAllLines(run.runDirectory().resolve("events.jsonl")).stream().map(l -> {
            try {
                return ProtocolJson.mapper().readTree(l);
            } catch (IOException e) {
                throw new IllegalStateException(l, e);
            }
        }).filter(e -> "traffic.done".equals(e.path("kind").asText())).toList();
        assertTrue(done.stream().anyMatch(e -> e.path("message").asText().endsWith("engine (done), " + line)), done.toString());
        if ("auto".equals(threads)) {
            assertTrue(t.engineNotes().stream().anyMatch(n -> n.startsWith("threads: auto = " + expectedThreads + ", one per core")),
                    t.engineNotes().toString());
        }
        // 2,000 pps for 4 s in 4 flows, whichever thread sent them, and src's kernel counted each
        assertEquals(List.of(2000L, 2000L, 2000L, 2000L), t.perFlow().stream().map(FlowSummary::txPackets).toList());
        assertEquals(8000L, t.rxPackets(), "the sink got every packet");
        assertEquals(t.txPackets(), srcTx() - before, "src data0's kernel tx counter");
    }
}
