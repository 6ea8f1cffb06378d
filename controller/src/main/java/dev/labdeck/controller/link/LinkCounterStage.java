package dev.labdeck.controller.link;

import dev.labdeck.controller.agent.AgentException;
import dev.labdeck.controller.profile.LinkSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.run.RunContext;
import dev.labdeck.controller.run.RunPhase;
import dev.labdeck.controller.run.RunStage;
import dev.labdeck.protocol.Metrics;
import dev.labdeck.protocol.Sample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts what crossed each ethernet link of the profile, as the kernel of each end saw it: reads
 * both ends' interface counters from their agents in PREPARE (before anything is sent) and again
 * in TEARDOWN, and puts the differences into summary.json as
 * {@code links.<link>.a|b.{rx_packets, tx_packets, ...}}. A check on the sink's own count that
 * does not depend on LabDeck's UDP sink: e.g. {@code links.data.b.rx_packets} on the lab-in-a-box.
 * A counter that cannot be read is a warning, never a failed run.
 */
public final class LinkCounterStage implements RunStage {

    private final Map<LinkSpec.Endpoint, LinkEndCounters> before = new LinkedHashMap<>();

    public static boolean wanted(Profile p) {
        return p.links().stream().anyMatch(l -> l instanceof LinkSpec.Ethernet);
    }

    @Override
    public RunPhase phase() {
        return RunPhase.PREPARE;
    }

    @Override
    public void setUp(RunContext ctx) {
        for (LinkSpec l : ctx.profile().links()) {
            if (l instanceof LinkSpec.Ethernet e) {
                for (LinkSpec.Endpoint end : List.of(e.a(), e.b())) {
                    read(ctx, end).ifPresent(c -> before.put(end, c));
                }
            }
        }
    }

    @Override
    public void tearDown(RunContext ctx) {
        Map<String, Map<String, LinkEndCounters>> links = new LinkedHashMap<>();
        for (LinkSpec l : ctx.profile().links()) {
            if (l instanceof LinkSpec.Ethernet e) {
                Map<String, LinkEndCounters> ends = new LinkedHashMap<>();
                for (Map.Entry<String, LinkSpec.Endpoint> end : Map.of("a", e.a(), "b", e.b()).entrySet()) {
                    LinkEndCounters start = before.get(end.getValue());
                    if (start != null) {
                        read(ctx, end.getValue()).ifPresent(now -> ends.put(end.getKey(), now.minus(start)));
                    }
                }
                if (!ends.isEmpty()) {
                    links.put(e.name(), new java.util.TreeMap<>(ends));
                    LinkEndCounters a = ends.get("a");
                    LinkEndCounters b = ends.get("b");
                    ctx.info(null, "link.counters", "link " + e.name() + ": "
                            + (a == null ? "" : a.host() + " " + a.interfaceName() + " sent " + a.txPackets() + " packets")
                            + (a != null && b != null ? ", " : "")
                            + (b == null ? "" : b.host() + " " + b.interfaceName() + " received " + b.rxPackets() + " packets"));
                }
            }
        }
        if (!links.isEmpty()) {
            ctx.summarySection("links", links);
        }
    }

    /** The interface's counters as the host's agent reports them now, or empty (with a warning). */
    private static Optional<LinkEndCounters> read(RunContext ctx, LinkSpec.Endpoint end) {
        List<Sample> samples;
        try {
            samples = ctx.agent(end.host()).metrics();
        } catch (AgentException | IllegalArgumentException e) {
            ctx.warn(end.host(), "link.counters", "cannot read the counters of " + end.interfaceName() + ": " + e.getMessage());
            return Optional.empty();
        }
        Map<String, Long> v = new LinkedHashMap<>();
        for (Sample s : samples) {
            if (end.interfaceName().equals(s.labels().get("iface"))) {
                v.put(s.metric(), (long) s.value());
            }
        }
        if (!v.containsKey(Metrics.IF_RX_PACKETS)) {
            ctx.warn(end.host(), "link.counters", "the agent reports no counters for interface " + end.interfaceName());
            return Optional.empty();
        }
        return Optional.of(new LinkEndCounters(end.host(), end.interfaceName(), v.get(Metrics.IF_RX_PACKETS),
                v.getOrDefault(Metrics.IF_TX_PACKETS, 0L), v.getOrDefault(Metrics.IF_RX_BYTES, 0L),
                v.getOrDefault(Metrics.IF_TX_BYTES, 0L), v.getOrDefault(Metrics.IF_RX_DROPS, 0L),
                v.getOrDefault(Metrics.IF_TX_DROPS, 0L)));
    }
}
