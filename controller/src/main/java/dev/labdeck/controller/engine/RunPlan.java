package dev.labdeck.controller.engine;

import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ServiceSpec;
import dev.labdeck.controller.profile.Threshold;
import dev.labdeck.controller.profile.TrafficSpec;
import dev.labdeck.controller.service.ServicePlan;
import dev.labdeck.controller.service.ServicesMeasurement;
import dev.labdeck.controller.profile.XdpSpec;
import dev.labdeck.controller.results.ResultFiles;
import dev.labdeck.controller.results.ThresholdEvaluator;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.controller.sweep.SweepRun;
import dev.labdeck.controller.traffic.TrafficMeasurement;
import dev.labdeck.controller.xdp.XdpStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a run of a profile would do, in lines for people: hosts, transports, phases. Nothing is contacted. */
public final class RunPlan {

    private RunPlan() {}

    public static List<String> describe(Profile p) {
        List<String> out = new ArrayList<>();
        out.add("profile " + p.name() + (p.source() == null ? "" : " (" + p.source() + ")"));
        out.add("hosts:");
        for (HostSpec h : p.hosts()) {
            String how = h.transport() == HostSpec.Transport.LOCAL ? "local (this machine, no SSH)"
                    : "ssh " + (h.user() == null ? "" : h.user() + "@") + h.address() + ":" + h.sshPort()
                    + (h.key() == null ? ", ssh agent or default keys" : ", key " + h.key());
            String roles = h.roles() == null || h.roles().isEmpty() ? "" : ", roles " + String.join(", ", h.roles());
            out.add("  " + h.name() + ": " + how + roles);
        }
        out.add("agents: port " + p.agent().port() + " bound to " + p.agent().bind() + ", dead-man switch "
                + p.agent().heartbeatTimeout().toSeconds() + " s");
        out.add("phases:");
        for (RunPhase phase : RunPhase.values()) {
            out.add("  " + phase.label() + ": " + what(p, phase));
        }
        if (p.hosts().stream().anyMatch(h -> h.services() != null && !h.services().isEmpty())) {
            // the start order across hosts, each service's cores and probe: ServicePlan's words
            ServicePlan.describe(p).lines().forEach(out::add);
        }
        if (p.thresholds() != null && !p.thresholds().isEmpty()) {
            out.add("thresholds:");
            for (Threshold t : p.thresholds()) {
                out.add("  " + t.metric() + " " + t.op().symbol + " " + ThresholdEvaluator.format(t.value()));
            }
        }
        return out;
    }

    private static String what(Profile p, RunPhase phase) {
        TrafficSpec t = p.traffic();
        return switch (phase) {
            case PLAN -> "create the run directory and keep the profile in it";
            case PREFLIGHT -> "start each host's agent and check what the host can do (" + p.hosts().size() + " host(s))";
            case DEPLOY -> "bind the agents to the run, open their event streams, heartbeat every second";
            case PREPARE -> p.xdp() == null || p.xdp().isEmpty() ? "nothing (no XDP)"
                    : p.xdp().stream().map(RunPlan::xdp).collect(Collectors.joining("; "));
            case START_SERVICES -> services(p);
            case WARMUP -> t == null ? "nothing (no traffic)" : "sink listens on " + t.sink()
                    + (t.warmup() == null || t.warmup().isZero() ? "" : ", settle " + seconds(t.warmup()));
            case MEASURE -> t == null ? ServicesMeasurement.plan(p) : SweepRun.wanted(p) ? SweepRun.describe(p, XdpStage.wantsBaseline(p)) : String.format(Locale.ROOT,
                    "%s sends to %s (%s): %d flow(s) on ports %s, %,d pps, %s, %s", t.source(), t.sink(),
                    TrafficMeasurement.destination(p, t), TrafficMeasurement.flows(t).size(),
                    TrafficMeasurement.flows(t).stream().map(f -> Integer.toString(f.dstPort())).distinct()
                            .collect(Collectors.joining(",")), t.pps(), TrafficMeasurement.payloadWords(t), seconds(t.duration()));
            case COOLDOWN -> t == null ? "nothing (no traffic)" : "let the sink drain"
                    + (t.cooldown() == null || t.cooldown().isZero() ? "" : " for " + seconds(t.cooldown()));
            case COLLECT -> "final counters from every agent";
            case TEARDOWN -> "undo everything in reverse order, stop the agents (always runs)";
            case REPORT -> "summary.json, " + String.join(", ", ResultFiles.wanted(p.results() == null ? null
                    : p.results().formats()).stream().map(ResultFiles.BY_FORMAT::get).toList());
        };
    }

    private static String xdp(XdpSpec x) {
        return "attach " + x.object() + (x.program() == null ? "" : " program " + x.program()) + " to " + x.host() + ":"
                + x.interfaceName() + " (" + x.mode() + (x.action() == null ? "" : ", action " + x.action()) + ")";
    }

    private static String services(Profile p) {
        List<String> all = new ArrayList<>();
        for (HostSpec h : p.hosts()) {
            for (ServiceSpec s : h.services() == null ? List.<ServiceSpec>of() : h.services()) {
                all.add(h.name() + "/" + s.name());
            }
        }
        return all.isEmpty() ? "nothing (no services)" : "start " + all.size() + " service(s) in dependency order (below)";
    }

    private static String seconds(java.time.Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
