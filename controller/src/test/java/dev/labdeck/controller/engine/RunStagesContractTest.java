package dev.labdeck.controller.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.results.RunStatus;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.controller.run.RunContext;
import dev.labdeck.controller.run.RunFailure;
import dev.labdeck.controller.run.RunHandle;
import dev.labdeck.controller.run.RunListener;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.controller.run.RunStage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What XDP and services rely on: stages run in their phase, see the agents, and are torn down in reverse. */
class RunStagesContractTest {
    @TempDir
    Path runs;
    @TempDir
    Path userDir;

    private final List<String> calls = new CopyOnWriteArrayList<>();

    private RunStage stage(String name, RunPhase phase, RunFailure failure) {
        return new RunStage() {
            @Override
            public RunPhase phase() {
                return phase;
            }

            @Override
            public void setUp(RunContext ctx) throws RunFailure {
                calls.add("setUp " + name + " in " + ctx.phase());
                ctx.agent("local"); // the agent is there for stages
                ctx.summarySection(name, Map.of("packets", 42));
                if (failure != null) {
                    throw failure;
                }
            }

            @Override
            public void tearDown(RunContext ctx) {
                calls.add("tearDown " + name + " in " + ctx.phase());
            }
        };
    }

    @Test
    void aFailingServiceStageTearsDownEveryStageInReverseAndNamesHostAndStep() throws Exception {
        Profile p = LoopbackRuns.profile("stages", "127.0.0.1", 1000, Duration.ofSeconds(1), List.of());
        RunHandle run = RunEngine.start(p, LoopbackRuns.options(runs, userDir), RunListener.NONE, profile -> List.of(
                stage("xdp", RunPhase.PREPARE, null),
                stage("services", RunPhase.START_SERVICES, new RunFailure("local", "start service lb_s", "exited with 1 before ready"))));
        RunSummary s = run.await(Duration.ofSeconds(60));

        assertEquals(List.of("setUp xdp in PREPARE", "setUp services in START_SERVICES",
                "tearDown services in TEARDOWN", "tearDown xdp in TEARDOWN"), calls);
        assertEquals(RunStatus.ERROR, s.status());
        assertEquals("local", s.error().host());
        assertEquals("start service lb_s", s.error().step());
        assertEquals("exited with 1 before ready", s.error().message());
        JsonNode json = ProtocolJson.mapper().readTree(run.runDirectory().resolve("summary.json").toFile());
        assertEquals(42, json.at("/xdp/packets").asInt(), "a stage's section is a top-level key of summary.json");
        assertTrue(json.at("/traffic").isMissingNode(), "no traffic was sent after the failure");
    }
}
