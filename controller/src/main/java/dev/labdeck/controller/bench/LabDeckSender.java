package dev.labdeck.controller.bench;

import dev.labdeck.controller.agent.AgentException;
import dev.labdeck.protocol.Flow;
import dev.labdeck.protocol.TrafficEngine;
import dev.labdeck.protocol.TrafficStart;
import dev.labdeck.protocol.TrafficState;
import dev.labdeck.protocol.TrafficStatus;
import java.time.Duration;
import java.util.List;

/**
 * One of LabDeck's engines, run by a real agent in the source namespace at a rate far above what
 * any engine reaches, so it sends as fast as it can; the agent process's CPU time is its cost.
 * {@code variant} names how that agent was started when it matters (the socket engine's
 * {@code sendmmsg} or one {@code write} per packet), empty otherwise.
 */
record LabDeckSender(BenchAgent agent, TrafficEngine engine, String variant, String destination, String source, int payloadBytes)
        implements Sender {
    /** The agent's switch that turns the socket engine's sendmmsg batching off (one write per packet). */
    static final String SENDMMSG_OFF = "-Dlabdeck.traffic.sendmmsg=false";

    /** Far above any engine's ceiling: the source sends flat out and reports itself generator-limited. */
    static final long FLAT_OUT_PPS = 50_000_000;
    static final int SRC_PORT = 40000;
    static final int DST_PORT = 9;

    @Override
    public String name() {
        return "labdeck " + engine.word() + (variant.isEmpty() ? "" : " " + variant);
    }

    @Override
    public Sending start(Duration atLeast) throws BenchException {
        TrafficStart request = new TrafficStart(destination, source, List.of(new Flow(0, DST_PORT, SRC_PORT)), FLAT_OUT_PPS,
                payloadBytes, atLeast.toMillis(), engine, 1);
        try {
            TrafficStatus s = agent.client().startTraffic(request);
            if (s.state() == TrafficState.ERROR) throw new BenchException(name() + ": " + s.error());
        } catch (AgentException e) {
            throw new BenchException(name() + ": " + e.detail(), e);
        }
        return new Sending() {
            private boolean stopped;

            @Override
            public Duration cpu() {
                return agent.cpu();
            }

            @Override
            public long stop() throws BenchException {
                try {
                    TrafficStatus s = agent.client().stopTraffic();
                    stopped = true;
                    if (s.state() == TrafficState.ERROR) throw new BenchException(name() + " failed: " + s.error());
                    return s.packets();
                } catch (AgentException e) {
                    throw new BenchException(name() + ": cannot stop: " + e.detail(), e);
                }
            }

            @Override
            public void close() {
                if (stopped) return;
                try {
                    agent.client().stopTraffic();
                } catch (AgentException e) {
                    // the agent is shut down with the benchmark either way
                }
            }
        };
    }
}
