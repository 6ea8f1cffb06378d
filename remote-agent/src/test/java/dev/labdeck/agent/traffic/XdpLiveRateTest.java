package dev.labdeck.agent.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.nativeio.bpf.BpfSupport;
import dev.labdeck.protocol.Flow;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.protocol.TrafficEngine;
import dev.labdeck.protocol.TrafficStart;
import dev.labdeck.protocol.TrafficStatus;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import dev.labdeck.testkit.VethPair;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The xdp-live engine sending out of a real veth whose peer has GRO on: the rate asked is the rate
 * the kernel counted on both ends, from 1 pps up; a rate the host cannot reach ends on time and
 * says so; and a peer that would drop the frames is refused before anything is sent.
 */
class XdpLiveRateTest {
    static VethPair veth;

    @BeforeAll
    static void pair() throws IOException {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("ip", "iproute2");
        Prerequisites.requireCommand("ethtool", "ethtool");
        Prerequisites.require(BpfSupport.available(), "libbpf: " + BpfSupport.unavailableReason().orElse(""));
        Prerequisites.require(XdpLiveRateTest.class.getClassLoader().getResource(XdpLiveEngine.RESOURCE) != null,
                XdpLiveEngine.RESOURCE + " not built (no clang)");
        veth = VethPair.create(true);
        // the outer end needs the inner end's MAC: a static neighbour, so no ARP crosses the counters
        String innerMac = VethPair.run("ip", "netns", "exec", veth.namespace, "cat", "/sys/class/net/" + veth.inner + "/address").strip();
        VethPair.run("ip", "neigh", "replace", veth.innerAddress, "lladdr", innerMac, "dev", veth.outer, "nud", "permanent");
        VethPair.run("sysctl", "-qw", "net.ipv6.conf." + veth.outer + ".disable_ipv6=1");
        VethPair.run("ip", "netns", "exec", veth.namespace, "sysctl", "-qw", "net.ipv6.conf." + veth.inner + ".disable_ipv6=1");
        VethPair.run("ip", "netns", "exec", veth.namespace, "ethtool", "-K", veth.inner, "gro", "on");
    }

    @AfterAll
    static void unpair() {
        if (veth != null) veth.close();
    }

    @Test
    void oneAndTenPpsAreWhatTheKernelCounts() throws Exception {
        record Rate(long pps, long ms) {}
        for (Rate r : List.of(new Rate(1, 2_000), new Rate(10, 1_000))) {
            long asked = r.pps() * r.ms() / 1000;
            Counted c = send(r.pps(), r.ms(), 2);
            assertEquals(TrafficEngine.XDP_LIVE, c.status().engine());
            assertEquals(asked, c.status().packets(), r.pps() + " pps for " + r.ms() + " ms: " + c.status());
            assertEquals(asked, c.tx(), r.pps() + " pps: " + veth.outer + "'s tx counter");
            assertEquals(asked, c.rx(), r.pps() + " pps: the peer's rx counter");
            assertEquals(asked, c.status().egressTxPackets(), "the source's own reading of the egress counter");
        }
    }

    @Test
    void aThousandPpsIsWhatTheKernelCounts() throws Exception {
        fastRate(1_000);
    }

    @Test
    void aHundredThousandPpsIsWhatTheKernelCounts() throws Exception {
        fastRate(100_000);
    }

    @Test
    void aMillionPpsIsWhatTheKernelCountsAndEndsOnTime() throws Exception {
        fastRate(1_000_000);
    }

    /**
     * From 1,000 pps up a shared, busy machine may not reach the rate (a sending thread starved for
     * longer than the grace at the end); then the source must still stop
     * on time, every packet it claims must be counted by the kernel, and the shortfall must show
     * (the controller turns it into generator_limited). When it reaches the rate, within 0.5 %.
     */
    static void fastRate(long asked) throws Exception {
        Counted c = send(asked, 1_000, 4);
        System.out.printf(java.util.Locale.ROOT, "xdp-live %,d pps for 1 s: claimed %,d, %s tx %,d, peer rx %,d, sent in %.1f ms (load %s)%n",
                asked, c.status().packets(), veth.outer, c.tx(), c.rx(), c.status().sendingNanos() / 1e6,
                java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip());
        // every packet the source claims, the kernel counted, whatever rate this host reached
        assertEquals(c.status().packets(), c.tx(), veth.outer + "'s tx counter");
        assertEquals(c.status().packets(), c.rx(), "the peer's rx counter");
        // not until every packet asked was out (what the source did before), however slow the host
        assertTrue(c.status().sendingNanos() < 2_000_000_000L, "sent for " + c.status().sendingNanos() / 1e6 + " ms of 1,000");
        assertTrue(c.status().packets() <= asked, "never more than asked: " + c.status().packets());
        double error = Math.abs(c.status().packets() - asked) / (double) asked;
        // within 0.5 % of the rate, or short of it and so reported generator-limited by the controller
        assertTrue(error <= 0.005 || c.status().packets() < asked * 0.995, "rate error " + error);
    }

    @Test
    void aPeerThatWouldDropTheFramesIsRefusedBeforeSending() throws Exception {
        VethPair.run("ip", "netns", "exec", veth.namespace, "ethtool", "-K", veth.inner, "gro", "off");
        try {
            long before = packets(null, veth.outer, "tx");
            TrafficSource s = new TrafficSource(new TrafficStart(veth.innerAddress, null, List.of(new Flow(0, 12345, 0)), 1_000,
                    24, 500, TrafficEngine.XDP_LIVE, 1), st -> {});
            TrafficException refused = org.junit.jupiter.api.Assertions.assertThrows(TrafficException.class, s::start);
            assertTrue(refused.getMessage().contains("no XDP program and GRO is off")
                    && refused.getMessage().contains("ethtool -K " + veth.inner + " gro on"), refused.getMessage());
            assertEquals(0, packets(null, veth.outer, "tx") - before, "nothing was sent");
            // auto takes the next engine, packet-ring (its frames go through the peer's stack like a socket's), and says why
            TrafficSource auto = new TrafficSource(new TrafficStart(veth.innerAddress, null, List.of(new Flow(0, 12345, 0)), 500_000,
                    24, 200, TrafficEngine.AUTO, 1), st -> {});
            auto.start();
            auto.stop();
            assertEquals(TrafficEngine.PACKET_RING, auto.status().engine());
            assertTrue(auto.status().engineNotes().getFirst().startsWith("xdp-live: " + veth.outer + " is a veth whose peer"),
                    auto.status().engineNotes().toString());
        } finally {
            VethPair.run("ip", "netns", "exec", veth.namespace, "ethtool", "-K", veth.inner, "gro", "on");
        }
    }

    record Counted(TrafficStatus status, long tx, long rx) {}

    static Counted send(long pps, long ms, int flows) throws Exception {
        List<Flow> f = new java.util.ArrayList<>();
        for (int i = 0; i < flows; i++) f.add(new Flow(i, 12345 + i, 0));
        long txBefore = packets(null, veth.outer, "tx");
        long rxBefore = packets(veth.namespace, veth.inner, "rx");
        AtomicReference<TrafficStatus> done = new AtomicReference<>();
        TrafficSource s = new TrafficSource(new TrafficStart(veth.innerAddress, null, f, pps, 24, ms, TrafficEngine.XDP_LIVE, 1),
                done::set);
        s.start();
        Eventually.await("the source to finish", Duration.ofSeconds(30), () -> done.get() != null);
        // the peer counts what the sender handed over a moment later, in its own softirq
        Eventually.await("the peer to count what was sent", Duration.ofSeconds(5),
                () -> packets(veth.namespace, veth.inner, "rx") - rxBefore >= done.get().packets());
        return new Counted(done.get(), packets(null, veth.outer, "tx") - txBefore, packets(veth.namespace, veth.inner, "rx") - rxBefore);
    }

    static long packets(String namespace, String ifname, String direction) {
        try {
            String json = namespace == null ? VethPair.run("ip", "-s", "-j", "link", "show", "dev", ifname)
                    : VethPair.run("ip", "-n", namespace, "-s", "-j", "link", "show", "dev", ifname);
            JsonNode node = ProtocolJson.mapper().readTree(json);
            return node.get(0).path("stats64").path(direction).path("packets").asLong();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
