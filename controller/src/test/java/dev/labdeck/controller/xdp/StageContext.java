package dev.labdeck.controller.xdp;

import dev.labdeck.controller.agent.AgentClient;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.run.MeasuredTraffic;
import dev.labdeck.controller.run.RunContext;
import dev.labdeck.controller.run.RunFailure;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.protocol.EventLevel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The run as a stage sees it, for driving one stage against real agents outside the engine. */
final class StageContext implements RunContext {
    final Profile profile;
    final Path dir;
    final Map<String, AgentClient> agents;
    final List<String> events = new CopyOnWriteArrayList<>();
    final Map<String, Object> sections = new ConcurrentHashMap<>();
    final List<RunFailure> failures = new CopyOnWriteArrayList<>();
    /** The phase the test drives the stage in; XDP sets up in PREPARE. */
    volatile RunPhase phase = RunPhase.PREPARE;
    /** The run's own measurement, when a test gives one; empty as before MEASURE. */
    volatile MeasuredTraffic measured;

    StageContext(Profile profile, Path dir, Map<String, AgentClient> agents) {
        this.profile = profile;
        this.dir = dir;
        this.agents = agents;
    }

    @Override
    public Profile profile() {
        return profile;
    }

    @Override
    public String runId() {
        return "stage-test";
    }

    @Override
    public Path runDirectory() {
        return dir;
    }

    @Override
    public AgentClient agent(String host) {
        AgentClient a = agents.get(host);
        if (a == null) throw new IllegalArgumentException("no agent on host '" + host + "' in this run");
        return a;
    }

    @Override
    public void event(EventLevel level, String host, String kind, String message, Map<String, String> data) {
        events.add(level + " " + host + " " + kind + ": " + message);
    }

    @Override
    public boolean stopping() {
        return false;
    }

    @Override
    public void summarySection(String name, Object value) {
        sections.put(name, value);
    }

    @Override
    public void fail(RunFailure failure) {
        failures.add(failure);
    }

    @Override
    public Optional<MeasuredTraffic> measurement() {
        return Optional.ofNullable(measured);
    }

    @Override
    public RunPhase phase() {
        return phase;
    }
}
