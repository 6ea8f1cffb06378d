package dev.labdeck.controller.xdp;

import dev.labdeck.controller.agent.AgentClient;
import dev.labdeck.controller.agent.AgentException;
import dev.labdeck.controller.profile.BaselineKind;
import dev.labdeck.controller.profile.BaselineSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.TrafficSpec;
import dev.labdeck.controller.profile.XdpSpec;
import dev.labdeck.controller.results.CpuSummary;
import dev.labdeck.controller.run.RunContext;
import dev.labdeck.controller.run.RunFailure;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.controller.run.RunStage;
import dev.labdeck.controller.sweep.SweepRun;
import dev.labdeck.controller.run.MeasuredTraffic;
import dev.labdeck.controller.traffic.TrafficMeasurement;
import dev.labdeck.protocol.EventLevel;
import dev.labdeck.protocol.Flow;
import dev.labdeck.protocol.FlowCounters;
import dev.labdeck.protocol.XdpAttachRequest;
import dev.labdeck.protocol.XdpAttachment;
import dev.labdeck.protocol.XdpCounters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PREPARE: measures the {@code without-xdp} baseline when the profile asks for one (before any
 * program is attached, so a kernel socket receives), then attaches every {@code xdp:} entry of the
 * profile, uploading the user's own object files first. TEARDOWN: reads each attachment's final
 * counters, detaches it, and writes the {@code xdp} (and {@code baseline}) sections of summary.json.
 */
public final class XdpStage implements RunStage {
    private static final Logger LOG = LoggerFactory.getLogger(XdpStage.class);
    static final String BUILTIN = "builtin:count";
    static final String WITHOUT_XDP = "without-xdp";

    private record Attached(XdpSpec spec, XdpAttachment attachment) {}

    private final List<Attached> attached = new ArrayList<>();
    private MeasurementFigures baseline;

    /** Whether a profile needs this stage: it attaches XDP or asks for a without-xdp baseline. */
    public static boolean wanted(Profile p) {
        return (p.xdp() != null && !p.xdp().isEmpty()) || wantsBaseline(p);
    }

    /** Whether the profile measures its traffic once more without XDP (a {@code without-xdp} baseline). */
    public static boolean wantsBaseline(Profile p) {
        BaselineSpec b = p.baseline();
        return b != null && b.kind() == BaselineKind.WITHOUT_XDP && p.traffic() != null;
    }

    @Override
    public RunPhase phase() {
        return RunPhase.PREPARE;
    }

    @Override
    public void setUp(RunContext ctx) throws RunFailure {
        Profile p = ctx.profile();
        if (wantsBaseline(p)) {
            measureBaseline(ctx, p.traffic());
        }
        try {
            for (XdpSpec x : p.xdp() == null ? List.<XdpSpec>of() : p.xdp()) {
                if (ctx.stopping()) throw new RunFailure(null, "attach XDP", "stopped before XDP was attached");
                attach(ctx, x);
            }
        } catch (RunFailure f) {
            detachAll(ctx, false);
            throw f;
        }
    }

    private void measureBaseline(RunContext ctx, TrafficSpec traffic) throws RunFailure {
        if (SweepRun.wanted(ctx.profile())) {
            // a sweep or search measures every step without XDP now, and with it in MEASURE
            ctx.info(null, "baseline", "baseline: every step without XDP first (a kernel socket on " + traffic.sink() + " receives)");
            SweepRun.measureSide(ctx, false, phase -> { });
            return;
        }
        ctx.info(null, "baseline", "baseline: measuring the same traffic without XDP first (a kernel socket on "
                + traffic.sink() + " receives)");
        MeasuredTraffic r = new TrafficMeasurement(ctx, traffic, phase -> { }).run("baseline");
        baseline = MeasurementFigures.of(r.traffic(), dstCpu(ctx, traffic.sink(), r));
        ctx.summarySection("baseline", new BaselineSummary(WITHOUT_XDP, baseline));
        ctx.info(null, "baseline.done", String.format(Locale.ROOT,
                "baseline: %,.0f pps received, %.3f %% lost; now attaching XDP", baseline.rxPps(), baseline.lossPercent()));
    }

    private void attach(RunContext ctx, XdpSpec x) throws RunFailure {
        AgentClient agent = ctx.agent(x.host());
        String object = x.object() == null || x.object().isBlank() ? BUILTIN : x.object();
        boolean builtin = object.equals(BUILTIN);
        try {
            // the agent reports upload, attachment and any fallback to generic mode as events itself
            if (!builtin) {
                object = agent.uploadXdpObject(objectFile(ctx.profile(), object)).id();
            }
            XdpAttachment a = agent.attachXdp(new XdpAttachRequest(x.interfaceName(), object, x.program(),
                    x.mode() == null ? null : x.mode().word(), x.allowGeneric(),
                    builtin && x.action() != null ? x.action().word() : null));
            attached.add(new Attached(x, a));
        } catch (AgentException e) {
            throw new RunFailure(x.host(), "attach XDP to " + x.interfaceName(), e.detail(), e);
        }
    }

    /** The user's object: a path on the controller, relative to the profile's own directory. */
    static Path objectFile(Profile p, String object) throws RunFailure {
        Path file = Path.of(object);
        if (!file.isAbsolute() && p.source() != null && p.source().toAbsolutePath().getParent() != null) {
            file = p.source().toAbsolutePath().getParent().resolve(file);
        }
        if (!Files.isReadable(file)) {
            throw new RunFailure(null, "upload XDP object", "cannot read the XDP object " + file
                    + " (xdp.object is a path on this machine, relative to the profile, or builtin:count)");
        }
        return file;
    }

    @Override
    public void tearDown(RunContext ctx) {
        detachAll(ctx, true);
    }

    private void detachAll(RunContext ctx, boolean summarize) {
        List<XdpAttachmentSummary> summaries = new ArrayList<>();
        List<XdpCounters> builtinCounters = new ArrayList<>();
        for (int i = attached.size() - 1; i >= 0; i--) {
            Attached a = attached.get(i);
            String host = a.spec().host();
            XdpAttachment at = a.attachment();
            XdpCounters c = null;
            try {
                AgentClient agent = ctx.agent(host);
                if (summarize) {
                    c = agent.xdpCounters(at.id());
                }
                agent.detachXdp(at.id()); // the agent reports xdp.detached
            } catch (AgentException | RuntimeException e) {
                // the agent detaches on shutdown and on the dead-man switch as well; say what happened
                LOG.debug("{}: detaching {}: {}", host, at.id(), e.getMessage());
                ctx.event(EventLevel.WARN, host, "xdp.detach", "could not detach " + at.program() + " from " + at.interfaceName()
                        + " (the agent detaches it when it stops): " + (e instanceof AgentException ae ? ae.detail() : e.getMessage()),
                        Map.of("attachment", at.id()));
            }
            if (c != null) {
                boolean builtin = isBuiltin(at);
                if (builtin) builtinCounters.add(c);
                summaries.addFirst(new XdpAttachmentSummary(host, at.interfaceName(), at.object(), at.program(), at.mode(),
                        at.action(), at.programId(), builtin ? sum(c.flows()) : 0, c.actions(), c.maps()));
            }
        }
        attached.clear();
        if (summarize && !summaries.isEmpty()) {
            ctx.summarySection("xdp", summary(ctx, summaries, builtinCounters));
        }
    }

    private XdpSummary summary(RunContext ctx, List<XdpAttachmentSummary> attachments, List<XdpCounters> builtin) {
        Profile p = ctx.profile();
        Map<Integer, long[]> byPort = new TreeMap<>();
        Map<String, Long> actions = new TreeMap<>();
        for (XdpCounters c : builtin) {
            for (FlowCounters f : c.flows()) {
                long[] v = byPort.computeIfAbsent(f.port(), k -> new long[2]);
                v[0] += f.packets();
                v[1] += f.bytes();
            }
            if (c.actions() != null) c.actions().forEach((k, v) -> actions.merge(k, v, Long::sum));
        }
        Map<Integer, Integer> flowOfPort = new HashMap<>();
        if (p.traffic() != null) {
            for (Flow f : TrafficMeasurement.flows(p.traffic())) flowOfPort.putIfAbsent(f.dstPort(), f.id());
        }
        List<XdpFlowFigures> perFlow = new ArrayList<>();
        long packets = 0;
        long bytes = 0;
        for (Map.Entry<Integer, long[]> e : byPort.entrySet()) {
            perFlow.add(new XdpFlowFigures(flowOfPort.getOrDefault(e.getKey(), -1), e.getKey(), e.getValue()[0], e.getValue()[1]));
            packets += e.getValue()[0];
            bytes += e.getValue()[1];
        }
        MeasurementFigures measured = ctx.measurement()
                .map(r -> MeasurementFigures.of(r.traffic(), dstCpu(ctx, p.traffic().sink(), r)))
                .orElse(null);
        if (baseline != null && measured != null) {
            ctx.info(null, "xdp.compare", String.format(Locale.ROOT,
                    "baseline %,.0f pps received (%.3f %% lost) | with XDP %,.0f pps received (%.3f %% lost), XDP saw %,d packets",
                    baseline.rxPps(), baseline.lossPercent(), measured.rxPps(), measured.lossPercent(), packets));
        }
        return new XdpSummary(packets, bytes, perFlow, actions, measured, attachments);
    }

    private static CpuSummary dstCpu(RunContext ctx, String sink, MeasuredTraffic r) {
        try {
            return CpuSummary.measure(ctx.runDirectory(), sink, r.measureStartMs(), r.measureEndMs());
        } catch (IOException e) {
            LOG.warn("cannot read metrics.csv for {}'s CPU: {}", sink, e.getMessage());
            return null;
        }
    }

    private static boolean isBuiltin(XdpAttachment a) {
        return a.object() == null || a.object().equals(BUILTIN);
    }

    private static long sum(List<FlowCounters> flows) {
        return flows == null ? 0 : flows.stream().mapToLong(FlowCounters::packets).sum();
    }
}
