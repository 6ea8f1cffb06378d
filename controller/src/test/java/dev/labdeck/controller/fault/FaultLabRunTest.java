package dev.labdeck.controller.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.labdeck.controller.cli.LabDeckCli;
import dev.labdeck.controller.cli.LabdeckTerminal;
import dev.labdeck.controller.lab.LabFixture;
import dev.labdeck.controller.lab.LabHost;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.testkit.ClassFixture;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import dev.labdeck.testkit.VethPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in the middle of real runs in one lab-in-a-box, each run made by the {@code labdeck run}
 * command as its own process (as a user runs it) over real SSH: an agent killed (XDP attached, or
 * services running), an agent frozen, the controller killed, a host's sshd killed, the data link
 * down for 5 s. Each asserts the exit code, summary.json's status and the host and step it names,
 * the figures taken before the fault, and that within the heartbeat timeout plus 10 s nothing of
 * the run is left on any host: no XDP program, no process, no runtime directory, no token.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultLabRunTest {
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration CLEAN_WITHIN = HEARTBEAT_TIMEOUT.plusSeconds(10);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final AtomicInteger RUNS = new AtomicInteger();
    @RegisterExtension
    static final ClassFixture<LabFixture> lab = LabFixture.perClass("fault");
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path tmp;

    @Test
    @Order(1)
    void dstAgentKilledDuringMeasureOfTheXdpProfile() throws Exception {
        CliRun run = CliRun.start("profiles/lab-in-a-box-xdp.yaml", p -> { });
        run.awaitTraffic();
        Instant at = Instant.now();
        VethPair.run("kill", "-KILL", Long.toString(agentOf(run.runId(), "dst").pid()));
        Ended e = run.await();
        e.assertError("dst", "did not answer");
        JsonNode traffic = e.summary.path("traffic");
        assertTrue(traffic.path("tx_packets").asLong() > 0, "what src sent before the fault is kept: " + traffic);
        assertFalse(traffic.path("complete").asBoolean(true), traffic.toString());
        assertNothingLeft(run.runId(), at);
    }

    @Test
    @Order(2)
    void srcAgentFrozenDuringMeasure() throws Exception {
        CliRun run = CliRun.start("profiles/lab-in-a-box-udp.yaml", FaultLabRunTest::srcAndDstOnly);
        run.awaitTraffic();
        ProcessHandle agent = agentOf(run.runId(), "src");
        Instant at = Instant.now();
        VethPair.run("kill", "-STOP", Long.toString(agent.pid()));
        try {
            Ended e = run.await();
            e.assertError("src", "did not answer");
        } finally {
            if (agent.isAlive()) VethPair.run("kill", "-CONT", Long.toString(agent.pid()));
        }
        assertNothingLeft(run.runId(), at);
    }

    @Test
    @Order(3)
    void dstAgentKilledWithServicesRunning() throws Exception {
        CliRun run = CliRun.start("profiles/lab-in-a-box-udp.yaml", p -> {
            srcAndDstOnly(p);
            ObjectNode service = ((ArrayNode) p.with("hosts").with("dst").withArray("services")).addObject();
            service.put("name", "holder");
            // a child that leaves its parent's group too: it must die with the agent all the same
            service.putArray("command").add("sh").add("-c").add("setsid sleep 3600 & exec sleep 3600");
        });
        run.awaitTraffic();
        ProcessHandle agent = agentOf(run.runId(), "dst");
        List<Long> services = servicesOf(agent.pid());
        assertTrue(services.size() >= 2, "the service and its detached child run: " + services);
        Instant at = Instant.now();
        VethPair.run("kill", "-KILL", Long.toString(agent.pid()));
        Ended e = run.await();
        e.assertError("dst", "did not answer");
        assertTrue(e.summary.path("traffic").path("tx_packets").asLong() > 0, e.summary.path("traffic").toString());
        Eventually.await("the services of the killed agent are gone", remaining(at), () -> servicesOf(agent.pid()).isEmpty(),
                () -> "still running: " + servicesOf(agent.pid()));
        assertNothingLeft(run.runId(), at);
    }

    @Test
    @Order(4)
    void controllerKilledDuringMeasure() throws Exception {
        CliRun run = CliRun.start("profiles/lab-in-a-box-xdp.yaml", p -> { });
        run.awaitTraffic();
        Instant at = Instant.now();
        run.process.destroyForcibly();
        assertTrue(run.process.waitFor(30, TimeUnit.SECONDS), "the controller died");
        assertEquals(137, run.process.exitValue(), "exit of a SIGKILLed controller");
        assertTrue(run.events().stream().anyMatch(ev -> ev.path("kind").asText().equals("traffic.started")),
                "events recorded up to the kill are kept");
        // the agents' dead-man switches fire after the heartbeat timeout and leave nothing (XDP included)
        assertNothingLeft(run.runId(), at);
        // and the next run's cleanup finds nothing to remove
        Process cleanup = cli(List.of("lab", "cleanup", "--name", lab.get().name()), tmp.resolve("cleanup.out"));
        assertTrue(cleanup.waitFor(120, TimeUnit.SECONDS), "lab cleanup ended");
        String said = Files.readString(tmp.resolve("cleanup.out"));
        assertEquals(0, cleanup.exitValue(), said);
        assertFalse(said.contains("removed"), "nothing was left to remove: " + said);
    }

    @Test
    @Order(5)
    void dataLinkDownFor5Seconds() throws Exception {
        CliRun run = CliRun.start("profiles/lab-in-a-box-udp.yaml", p -> {
            srcAndDstOnly(p);
            p.with("traffic").put("duration", "12s");
        });
        run.awaitTraffic();
        Thread.sleep(1_000);
        String src = host("src").namespace();
        VethPair.run("ip", "-n", src, "link", "set", "data0", "down");
        Thread.sleep(5_000);
        VethPair.run("ip", "-n", src, "link", "set", "data0", "up");
        Ended e = run.await();
        // while the link is down the source cannot send; what it did send is counted as usual
        String status = e.summary.path("status").asText();
        assertTrue(status.equals("passed") || status.equals("failed"), "the run is measured, not an error: " + e.summary);
        assertEquals(status.equals("passed") ? LabDeckCli.EXIT_OK : LabDeckCli.EXIT_THRESHOLD_FAILED, e.exit, e.output);
        JsonNode traffic = e.summary.path("traffic");
        long tx = traffic.path("tx_packets").asLong();
        assertTrue(tx > 0 && tx < 12 * 10_000 * 0.8, "the source sent before and after, not while the link was down: " + traffic);
        assertEquals(tx, traffic.path("rx_packets").asLong() + traffic.path("lost_packets").asLong(), traffic.toString());
        List<JsonNode> events = run.events();
        for (String kind : List.of("link.down", "link.up", "neighbour.restored")) {
            assertTrue(events.stream().anyMatch(ev -> ev.path("kind").asText().equals(kind) && ev.path("host").asText().equals("src")
                            && ev.path("phase").asText().equals("MEASURE") && ev.toString().contains("data0")),
                    kind + " of src data0 during MEASURE in " + events.stream().map(ev -> ev.path("kind").asText()).toList());
        }
        String neighbours = lab.get().run("src", "ip", "neigh", "show", "dev", "data0", "nud", "permanent");
        assertTrue(neighbours.contains(lab.get().state().dataLink().dst().address()), "src's static neighbour for dst is back: " + neighbours);
        assertNothingLeft(run.runId(), Instant.now());
    }

    @Test
    @Order(6)
    void sshSessionToDstDroppedDuringMeasureIsReopened() throws Exception {
        CliRun run = CliRun.start("profiles/lab-in-a-box-udp.yaml", p -> {
            srcAndDstOnly(p);
            p.with("traffic").put("duration", "10s");
        });
        run.awaitTraffic();
        LabHost dst = host("dst");
        ProcessHandle agent = agentOf(run.runId(), "dst");
        long listener = listenerOf(dst);
        List<Long> sessions = sshdsIn(dst.namespace()).stream().filter(pid -> pid != listener).toList();
        assertFalse(sessions.isEmpty(), "the controller's SSH session to dst is served by an sshd process");
        for (long pid : sessions) {
            VethPair.run("kill", "-KILL", Long.toString(pid));
        }
        Ended e = run.await();
        assertEquals(LabDeckCli.EXIT_OK, e.exit, e.output + e.summary.path("error"));
        assertEquals("passed", e.summary.path("status").asText(), e.summary.toString());
        List<String> dstKinds = run.events().stream().filter(ev -> ev.path("host").asText().equals("dst"))
                .map(ev -> ev.path("kind").asText()).toList();
        assertTrue(dstKinds.contains("ssh.lost") && dstKinds.contains("ssh.reconnected"), dstKinds.toString());
        assertTrue(dstKinds.indexOf("ssh.reconnected") < dstKinds.lastIndexOf("agent.stopped"), dstKinds.toString());
        assertEquals(1, dstKinds.stream().filter("agent.version"::equals).count(), "one agent on dst all along: " + dstKinds);
        assertTrue(e.summary.path("traffic").path("tx_packets").asLong() > 0, e.summary.path("traffic").toString());
        // stopped at teardown: the run asked it to exit; its JVM takes a moment to end
        Eventually.await("the agent that kept running was stopped at teardown", HEARTBEAT_TIMEOUT.plusSeconds(10),
                () -> !agent.isAlive());
        assertNothingLeft(run.runId(), Instant.now());
    }

    @Test
    @Order(7)
    void dstSshdKilledDuringMeasure() throws Exception {
        CliRun run = CliRun.start("profiles/lab-in-a-box-udp.yaml", FaultLabRunTest::srcAndDstOnly);
        run.awaitTraffic();
        LabHost dst = host("dst");
        Instant at = Instant.now();
        try {
            for (long pid : sshdsIn(dst.namespace())) {
                VethPair.run("kill", "-KILL", Long.toString(pid));
            }
            Ended e = run.await();
            e.assertError("dst", "could not be reopened");
            assertTrue(e.summary.path("traffic").path("tx_packets").asLong() > 0, e.summary.path("traffic").toString());
            assertNothingLeft(run.runId(), at);
        } finally {
            restartSshd(dst);
        }
    }

    // ------------------------------------------------------------------------------------------

    /** A run of {@code labdeck run} as its own process, on a copy of a bundled profile pointed at this lab. */
    record CliRun(Process process, Path dir, Path output) {
        static CliRun start(String bundled, Consumer<ObjectNode> edit) throws IOException {
            ObjectNode p = (ObjectNode) YAML.readTree(Prerequisites.repoRoot().resolve(bundled).toFile());
            pointAtLab(p);
            p.with("agent").put("heartbeat_timeout", HEARTBEAT_TIMEOUT.toSeconds() + "s");
            p.with("traffic").put("duration", "30s");
            p.remove("baseline");
            ArrayNode thresholds = p.putArray("thresholds");
            thresholds.add("traffic.loss_percent <= 0.1");
            edit.accept(p);
            int n = RUNS.incrementAndGet();
            Path file = tmp.resolve("fault-" + n + ".yaml");
            YAML.writeValue(file.toFile(), p);
            Path dir = tmp.resolve("run-" + n);
            Path output = tmp.resolve("run-" + n + ".out");
            return new CliRun(cli(List.of("run", "--out", dir.toString(), file.toString()), output), dir, output);
        }

        /**
         * Waits until the source sends (MEASURE) and dst's sink has counted some of it (a sample in
         * metrics.csv), so the fault is in the middle of counted traffic: a condition, not a fixed pause.
         */
        void awaitTraffic() throws Exception {
            Eventually.await("dst's sink counts the run's traffic", Duration.ofSeconds(180),
                    () -> !process.isAlive() || sinkCounted() > 0, () -> tail());
            assertTrue(process.isAlive(), "the run ended before MEASURE: " + tail());
        }

        /** The packets dst's sink counted by the latest sample in metrics.csv (0 before any). */
        long sinkCounted() throws IOException {
            Path f = dir.resolve("metrics.csv");
            if (!Files.isRegularFile(f)) return 0;
            long counted = 0;
            for (String line : Files.readAllLines(f)) {
                String[] c = line.split(",");
                if (c.length == 5 && c[1].equals("dst") && c[2].equals("sink.rx_packets")) {
                    try {
                        counted = Math.max(counted, (long) Double.parseDouble(c[4]));
                    } catch (NumberFormatException beingWritten) {
                        // the last line, half written: the next look reads it whole
                    }
                }
            }
            return counted;
        }

        Ended await() throws Exception {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the run ended: " + tail());
            String out = Files.readString(output);
            Path summary = dir.resolve("summary.json");
            assertTrue(Files.isRegularFile(summary), "summary.json written: " + out);
            return new Ended(process.exitValue(), ProtocolJson.mapper().readTree(summary.toFile()), out);
        }

        String runId() {
            for (JsonNode e : events()) {
                Matcher m = Pattern.compile("^run (\\S+) of profile").matcher(e.path("message").asText());
                if (e.path("kind").asText().equals("plan") && m.find()) return m.group(1);
            }
            throw new AssertionError("no plan event in " + dir);
        }

        List<JsonNode> events() {
            List<JsonNode> events = new ArrayList<>();
            Path f = dir.resolve("events.jsonl");
            if (!Files.isRegularFile(f)) return events;
            try {
                for (String line : Files.readAllLines(f)) {
                    if (line.isBlank()) continue;
                    try {
                        events.add(ProtocolJson.mapper().readTree(line));
                    } catch (IOException halfWritten) {
                        // the last line may be half written while the run goes on
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return events;
        }

        private String tail() {
            try {
                String out = Files.exists(output) ? Files.readString(output) : "";
                List<JsonNode> events = events();
                String last = String.join("\n", events.subList(Math.max(0, events.size() - 8), events.size()).stream()
                        .map(JsonNode::toString).toList());
                return "run directory " + dir + "\nlast events:\n" + last + "\noutput:\n"
                        + (out.length() > 3000 ? out.substring(out.length() - 3000) : out);
            } catch (IOException e) {
                return e.toString();
            }
        }
    }

    record Ended(int exit, JsonNode summary, String output) {
        /** An error run: exit 3, status error, the error naming {@code host} and the measure step. */
        void assertError(String host, String says) {
            JsonNode error = summary.path("error");
            assertEquals(LabDeckCli.EXIT_RUN_FAILED, exit, output);
            assertEquals("error", summary.path("status").asText(), summary.toString());
            assertEquals(host, error.path("host").asText(), error.toString());
            assertEquals("measure", error.path("step").asText(), error.toString());
            assertTrue(error.path("message").asText().contains(says), error.toString());
            assertTrue(output.contains("the run failed: " + host + ": measure: "), "the terminal names host and step: " + output);
        }
    }

    /** {@code labdeck ARGS} as its own JVM (this test's classpath), output into {@code output}. */
    static Process cli(List<String> args, Path output) throws IOException {
        return LabdeckTerminal.start(output, null, args);
    }

    /** Every {@code lab:} reference of the profile names this lab. */
    private static void pointAtLab(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getValue().isTextual() && f.getValue().asText().startsWith("lab:")) {
                    f.setValue(TextNode.valueOf("lab:" + lab.get().name() + "/" + f.getValue().asText().substring(4)));
                } else {
                    pointAtLab(f.getValue());
                }
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(FaultLabRunTest::pointAtLab);
        }
    }

    private static void srcAndDstOnly(ObjectNode p) {
        p.with("hosts").remove("memif");
        p.putArray("links").addObject().put("name", "data").put("a", "src:data0").put("b", "dst:data0");
    }

    private static LabHost host(String name) {
        return lab.get().state().host(name).orElseThrow();
    }

    /** The agent process of {@code host} in run {@code runId} (its state directory is named after both). */
    private static ProcessHandle agentOf(String runId, String host) {
        List<ProcessHandle> found = runProcesses(runId).stream()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("/" + runId + "-" + host + "-")).orElse(false))
                .toList();
        assertEquals(1, found.size(), "one agent of " + host + " in run " + runId + ": " + found);
        return found.getFirst();
    }

    private static List<ProcessHandle> runProcesses(String runId) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(runId)).orElse(false))
                .toList();
    }

    /** Processes started as services by the agent {@code agentPid} (their environment carries its tag). */
    private static List<Long> servicesOf(long agentPid) {
        byte[] tag = ("LABDECK_AGENT_TAG=" + agentPid + "-").getBytes(StandardCharsets.US_ASCII);
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    byte[] env = Files.readAllBytes(p.resolve("environ"));
                    if (indexOf(env, tag) >= 0) pids.add(Long.parseLong(p.getFileName().toString()));
                } catch (IOException gone) {
                    // ended while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return pids;
    }

    private static int indexOf(byte[] in, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= in.length; i++) {
            if (i > 0 && in[i - 1] != 0) continue;
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    /** Every sshd process (listener and sessions) in a host's namespace. */
    private static List<Long> sshdsIn(String namespace) throws IOException {
        List<Long> pids = new ArrayList<>();
        for (String pid : VethPair.run("ip", "netns", "pids", namespace).split("\\s+")) {
            if (pid.isBlank()) continue;
            try {
                String comm = Files.readString(Path.of("/proc", pid, "comm")).strip();
                if (comm.startsWith("sshd")) pids.add(Long.parseLong(pid));
            } catch (IOException gone) {
                // ended while we looked
            }
        }
        assertFalse(pids.isEmpty(), "the lab host's sshd runs in " + namespace);
        return pids;
    }

    /** The pid of the host's listening sshd (its pid file: a restarted one has a new pid). */
    private static long listenerOf(LabHost h) throws IOException {
        return Long.parseLong(Files.readString(Path.of(h.sshdConfig()).resolveSibling("sshd.pid")).strip());
    }

    private static void restartSshd(LabHost h) throws IOException {
        Path config = Path.of(h.sshdConfig());
        VethPair.run("ip", "netns", "exec", h.namespace(), "/usr/sbin/sshd", "-f", config.toString(),
                "-E", config.resolveSibling("sshd.log").toString());
        Eventually.await("the sshd of " + h.name() + " listens again", Duration.ofSeconds(20), () -> {
            try {
                return VethPair.run("ip", "netns", "exec", h.namespace(), "ss", "-ltn").contains(":" + h.sshPort());
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static Duration remaining(Instant fault) {
        Duration left = Duration.between(Instant.now(), fault.plus(CLEAN_WITHIN));
        return left.isNegative() ? Duration.ofMillis(1) : left;
    }

    /** Within the heartbeat timeout + 10 s of the fault: no XDP, process, runtime directory or token of the run. */
    private static void assertNothingLeft(String runId, Instant fault) {
        Eventually.await("nothing of run " + runId + " left on any host", remaining(fault),
                () -> leftovers(runId).isEmpty(), () -> leftovers(runId).toString());
    }

    private static List<String> leftovers(String runId) {
        List<String> left = new ArrayList<>();
        for (var h : lab.get().state().hosts()) {
            try {
                JsonNode links = ProtocolJson.mapper().readTree(VethPair.run("ip", "-j", "-n", h.namespace(), "link", "show"));
                for (JsonNode link : links) {
                    if (link.has("xdp")) left.add("XDP on " + h.name() + " " + link.path("ifname").asText());
                }
            } catch (Exception e) {
                left.add("cannot list links of " + h.name() + ": " + e.getMessage());
            }
        }
        runProcesses(runId).forEach(p -> left.add("process " + p.pid() + " " + p.info().commandLine().orElse("")));
        Path agents = Path.of(System.getProperty("user.home"), ".labdeck", "agent");
        if (Files.isDirectory(agents)) {
            try (Stream<Path> dirs = Files.list(agents)) {
                dirs.filter(d -> d.getFileName().toString().startsWith(runId + "-"))
                        .forEach(d -> left.add("runtime directory " + d + (Files.exists(d.resolve("token")) ? " with its token" : "")));
            } catch (Exception e) {
                left.add("cannot list " + agents + ": " + e.getMessage());
            }
        }
        return left;
    }
}
