package dev.labdeck.controller.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.lab.LabFixture;
import dev.labdeck.controller.profile.AgentSettings;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.TrafficSpec;
import dev.labdeck.controller.results.RunStatus;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.engine.RunEngine;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.controller.run.RunListener;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import dev.labdeck.testkit.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in the middle of a real run in the lab-in-a-box ({@code lab-in-a-box-xdp.yaml} over real
 * SSH, builtin XDP on dst): an agent killed with SIGKILL, an agent frozen with SIGSTOP. Each run
 * must end as an error naming the host and the step, keep the figures counted before the fault,
 * and within the heartbeat timeout plus 10 s leave nothing of the run on any host: no XDP program,
 * no process, no runtime directory, no token. One lab for all cases.
 */
class FaultLabRunTest {
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration CLEAN_WITHIN = HEARTBEAT_TIMEOUT.plusSeconds(10);
    private static LabFixture lab;
    @TempDir
    static Path runs;

    @BeforeAll
    static void labUp() {
        Path agentJar = TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot()).agentJar();
        Prerequisites.require(Files.isRegularFile(agentJar), "agent jar " + agentJar + " not built (run ./mvnw package -DskipTests)");
        lab = LabFixture.up("fault");
    }

    @AfterAll
    static void labDown() {
        if (lab != null) lab.close();
    }

    @Test
    void dstAgentKilledDuringMeasureOfTheXdpProfile() throws Exception {
        Fault f = runWithFault("dst", "KILL");
        RunSummary s = f.summary;
        assertEquals(RunStatus.ERROR, s.status());
        assertEquals("dst", s.error().host(), s.error().toString());
        assertEquals("measure", s.error().step(), s.error().toString());
        assertTrue(s.error().message().contains("did not answer"), s.error().message());
        JsonNode traffic = summaryJson(s).path("traffic");
        assertTrue(traffic.path("tx_packets").asLong() > 0, "what src sent before the fault is kept: " + traffic);
        assertFalse(traffic.path("complete").asBoolean(true), traffic.toString());
        assertNothingLeft(f);
    }

    @Test
    void srcAgentFrozenDuringMeasure() throws Exception {
        Fault f = runWithFault("src", "STOP");
        RunSummary s = f.summary;
        assertEquals(RunStatus.ERROR, s.status());
        assertEquals("src", s.error().host(), s.error().toString());
        assertEquals("measure", s.error().step(), s.error().toString());
        assertTrue(s.error().message().contains("did not answer"), s.error().message());
        assertNothingLeft(f);
    }

    record Fault(String runId, RunSummary summary, Instant at) {}

    /** Runs the XDP profile for 30 s and sends {@code signal} to {@code host}'s agent 2 s into MEASURE. */
    private static Fault runWithFault(String host, String signal) throws Exception {
        Profile p = lab.profile("profiles/lab-in-a-box-xdp.yaml");
        TrafficSpec t = p.traffic();
        TrafficSpec longer = new TrafficSpec(t.source(), t.sink(), t.destination(), t.flows(), t.ports(), 10_000, 64,
                Duration.ofSeconds(30), Duration.ZERO, t.cooldown());
        AgentSettings a = p.agent();
        Profile faulty = new Profile(p.name(), p.description(), p.source(), p.form(),
                new AgentSettings(a.port(), a.bind(), HEARTBEAT_TIMEOUT, a.acceptNewHostKeys()), p.hosts(), p.links(), p.xdp(),
                longer, p.monitoring(), p.results(), List.of(), null);
        CountDownLatch measuring = new CountDownLatch(1);
        RunListener listener = new RunListener() {
            @Override
            public void phase(RunPhase phase) {
                if (phase == RunPhase.MEASURE) measuring.countDown();
            }

            @Override
            public void finished(RunSummary summary) {
                measuring.countDown();
            }
        };
        RunOptions options = RunOptions.defaults().withRunsRoot(runs)
                .withTransport(TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot()));
        RunHandle handle = RunEngine.start(faulty, options, listener);
        assertTrue(measuring.await(180, TimeUnit.SECONDS), "the run reached MEASURE");
        assertFalse(handle.isDone(), "the run ended before MEASURE: " + (handle.isDone() ? handle.await().error() : ""));
        Thread.sleep(2_000); // a fault in the middle of the measurement, not at its edge
        ProcessHandle agent = agentOf(handle.runId(), host);
        Instant at = Instant.now();
        VethPair.run("kill", "-" + signal, Long.toString(agent.pid()));
        try {
            RunSummary summary = handle.await(Duration.ofSeconds(120));
            return new Fault(handle.runId(), summary, at);
        } finally {
            if (signal.equals("STOP") && agent.isAlive()) VethPair.run("kill", "-CONT", Long.toString(agent.pid()));
        }
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

    /** Within the heartbeat timeout + 10 s of the fault: no XDP, process, runtime directory or token of the run. */
    private static void assertNothingLeft(Fault f) {
        Duration left = Duration.between(Instant.now(), f.at.plus(CLEAN_WITHIN));
        Eventually.await("nothing of run " + f.runId + " left on any host", left.isNegative() ? Duration.ofMillis(1) : left,
                () -> leftovers(f.runId).isEmpty(), () -> leftovers(f.runId).toString());
    }

    private static List<String> leftovers(String runId) {
        List<String> left = new ArrayList<>();
        for (var h : lab.state().hosts()) {
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

    private static JsonNode summaryJson(RunSummary s) throws Exception {
        JsonNode json = ProtocolJson.mapper().readTree(Path.of(s.runDirectory()).resolve("summary.json").toFile());
        assertNotNull(json);
        return json;
    }
}
