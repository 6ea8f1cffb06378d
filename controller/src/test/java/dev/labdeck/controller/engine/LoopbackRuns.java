package dev.labdeck.controller.engine;

import dev.labdeck.controller.profile.AgentSettings;
import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.MetricGroup;
import dev.labdeck.controller.profile.MonitoringSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileForm;
import dev.labdeck.controller.profile.ResultFormat;
import dev.labdeck.controller.profile.ResultsSpec;
import dev.labdeck.controller.profile.Threshold;
import dev.labdeck.controller.profile.TrafficSpec;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.testkit.Prerequisites;
import dev.labdeck.controller.run.RunEvent;
import dev.labdeck.controller.run.RunOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Profiles and options for runs on this machine through the local transport, built in code. */
public final class LoopbackRuns {
    private LoopbackRuns() {}

    static Profile profile(String name, String destination, long pps, Duration duration, List<Threshold> thresholds) {
        HostSpec local = new HostSpec("local", "127.0.0.1", HostSpec.Transport.LOCAL, 22, null, null,
                Set.of("src", "dst"), null, List.of(), null);
        TrafficSpec traffic = new TrafficSpec("local", "local", destination, 4, freeUdpPorts(4),
                pps, 64, duration, Duration.ZERO, Duration.ZERO);
        return new Profile(name, "loopback run for tests", null, ProfileForm.LABDECK, AgentSettings.defaults(),
                List.of(local), List.of(), List.of(), traffic,
                new MonitoringSpec(Duration.ofMillis(500), List.of(MetricGroup.CPU, MetricGroup.NETWORK)),
                new ResultsSpec(List.of(ResultFormat.JSON, ResultFormat.CSV, ResultFormat.HTML, ResultFormat.JUNIT), true, "runs"), thresholds, null);
    }

    /**
     * UDP ports free right now: other engineers' tests run on this machine at the same time, so a
     * fixed port (like the bundled profile's 12345) may be taken.
     */
    public static List<Integer> freeUdpPorts(int n) {
        List<java.net.DatagramSocket> held = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                held.add(new java.net.DatagramSocket(0));
            }
            return held.stream().map(java.net.DatagramSocket::getLocalPort).toList();
        } catch (java.net.SocketException e) {
            throw new IllegalStateException("no free UDP port", e);
        } finally {
            held.forEach(java.net.DatagramSocket::close);
        }
    }

    /** Requires the built agent jar; {@code userDir} keeps the agents' state away from ~/.labdeck. */
    static RunOptions options(Path runs, Path userDir) {
        Path root = Prerequisites.repoRoot();
        Prerequisites.require(Files.isRegularFile(root.resolve("remote-agent/target/labdeck-agent.jar")),
                "the agent jar is not built (./mvnw package builds it before the controller's tests)");
        return RunOptions.defaults().withRunsRoot(runs)
                .withTransport(TransportOptions.defaults().withLabdeckHome(root).withUserDir(userDir));
    }

    /** The agent pids the run reported (PREFLIGHT's agent.version events). */
    static List<Long> agentPids(List<RunEvent> events) {
        return events.stream().filter(e -> "agent.version".equals(e.kind()))
                .map(e -> Long.parseLong(e.data().get("pid"))).toList();
    }

    static boolean alive(long pid) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        return p.isPresent() && p.get().isAlive();
    }
}
