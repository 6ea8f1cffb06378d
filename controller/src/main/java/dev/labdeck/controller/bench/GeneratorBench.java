package dev.labdeck.controller.bench;

import dev.labdeck.controller.agent.AgentException;
import dev.labdeck.controller.lab.LabHost;
import dev.labdeck.controller.lab.LabState;
import dev.labdeck.protocol.TrafficEngine;
import dev.labdeck.protocol.XdpAttachRequest;
import dev.labdeck.protocol.XdpAttachment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The generator benchmark: every LabDeck engine that works on the lab (the socket engine twice: with
 * {@code sendmmsg} batches and with one {@code write} per packet), trafgen and iperf3 send the
 * same 1-flow UDP frame from {@code src} over the lab's veth to {@code dst}, where LabDeck's XDP
 * counting program drops it (so the receive side costs the same for every sender and delivers the
 * frames of XDP engines). Rounds are interleaved (the order rotates each round), each sender is
 * measured over the same window after it has started, and every figure comes from the kernel:
 * packets from {@code src data0}'s tx counter, CPU from the sending processes' user + system time.
 * What a sender claims is checked against that counter and against the XDP program's count on
 * {@code dst} over its whole run.
 */
public final class GeneratorBench {
    /** How long a sender may take from start to its first thousand packets on the wire. */
    private static final Duration FIRST_PACKETS_WITHIN = Duration.ofSeconds(15);
    /** Sent before the window starts, so start-up (JIT, ring set-up) is not measured. */
    private static final Duration SETTLE = Duration.ofMillis(500);
    static final String HOST_SRC = "src";
    static final String HOST_DST = "dst";

    /**
     * @param rounds       how many times each sender runs
     * @param window       how long each measurement lasts
     * @param payloadBytes UDP payload bytes (the frame is 42 bytes more)
     */
    public record Settings(int rounds, Duration window, int payloadBytes) {
        public Settings {
            if (rounds < 1) throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
            if (window.toMillis() < 200) throw new IllegalArgumentException("the window must be at least 200 ms, got " + window.toMillis() + " ms");
            if (payloadBytes < dev.labdeck.protocol.PayloadFormat.HEADER_BYTES || payloadBytes > 1472) {
                throw new IllegalArgumentException("payload must be " + dev.labdeck.protocol.PayloadFormat.HEADER_BYTES
                        + "..1472 bytes, got " + payloadBytes);
            }
        }

        public int frameBytes() {
            return payloadBytes + 42;
        }
    }

    /**
     * One sender in one round.
     *
     * @param windowPackets packets {@code src data0} transmitted during the window
     * @param cpuSeconds    CPU time of the sender's processes during the window
     * @param machineCpuSeconds busy time of all the machine's cores during the window ({@code /proc/stat}: all but
     *                      idle and iowait): the sender, and the kernel's work for its packets on both ends of the veth,
     *                      softirq included, which the kernel charges to no process
     * @param claimed       packets the sender says it sent over its whole run, -1 when it does not say
     * @param srcTxPackets  {@code src data0} tx over the sender's whole run
     * @param dstPackets    packets the XDP program on {@code dst data0} saw over the sender's whole run
     */
    public record Measurement(String sender, int round, long windowPackets, double windowSeconds, double cpuSeconds,
                              double machineCpuSeconds, long claimed, long srcTxPackets, long dstPackets) {
        public double pps() {
            return windowPackets / windowSeconds;
        }

        /** Packets per CPU-second: the rate one fully used core would give. */
        public double ppsPerCpuSecond() {
            return cpuSeconds <= 0 ? Double.NaN : windowPackets / cpuSeconds;
        }

        /** Packets per second of busy machine CPU: what the whole packet path costs, both ends of the link. */
        public double ppsPerMachineCpuSecond() {
            return machineCpuSeconds <= 0 ? Double.NaN : windowPackets / machineCpuSeconds;
        }

        /** True when the sender's claim (if it makes one) equals what the kernel counted on both ends. */
        public boolean claimHolds() {
            return claimed < 0 || (claimed == srcTxPackets && claimed == dstPackets);
        }
    }

    /** A sender that could not run here, and why. */
    public record Skipped(String sender, String reason) {}

    public record Result(Settings settings, String lab, List<Measurement> measurements, List<Skipped> skipped,
                         String loadBefore, String loadAfter) {

        /** Median figures per sender, in the order senders first appear. */
        public List<Summary> summaries() {
            Map<String, List<Measurement>> by = new LinkedHashMap<>();
            measurements.forEach(m -> by.computeIfAbsent(m.sender(), k -> new ArrayList<>()).add(m));
            double trafgen = by.containsKey("trafgen") ? median(by.get("trafgen").stream().map(Measurement::ppsPerCpuSecond).toList()) : Double.NaN;
            double trafgenMachine = by.containsKey("trafgen") ? median(by.get("trafgen").stream().map(Measurement::ppsPerMachineCpuSecond).toList()) : Double.NaN;
            double trafgenPps = by.containsKey("trafgen") ? median(by.get("trafgen").stream().map(Measurement::pps).toList()) : Double.NaN;
            List<Summary> out = new ArrayList<>();
            by.forEach((sender, ms) -> {
                double pps = median(ms.stream().map(Measurement::pps).toList());
                double perCpu = median(ms.stream().map(Measurement::ppsPerCpuSecond).toList());
                double perMachine = median(ms.stream().map(Measurement::ppsPerMachineCpuSecond).toList());
                out.add(new Summary(sender, ms.size(), pps, perCpu, perCpu / trafgen, perMachine, perMachine / trafgenMachine,
                        pps / trafgenPps,
                        ms.stream().allMatch(Measurement::claimHolds)));
            });
            return out;
        }
    }

    /** A sender's medians over its rounds, and its ratios to trafgen's medians. */
    public record Summary(String sender, int rounds, double pps, double ppsPerCpuSecond, double perCpuVsTrafgen,
                          double ppsPerMachineCpuSecond, double perMachineCpuVsTrafgen, double ppsVsTrafgen, boolean claimsHold) {}

    static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values.stream().filter(d -> !d.isNaN()).toList());
        if (v.isEmpty()) return Double.NaN;
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private final Path agentJar;
    private final Consumer<String> progress;

    public GeneratorBench(Path agentJar, Consumer<String> progress) {
        this.agentJar = agentJar;
        this.progress = progress;
    }

    /** Runs the benchmark on an up lab; the lab is left as it was (agents, XDP and servers are stopped). */
    public Result run(LabState state, Settings settings, List<TrafficEngine> engines) throws BenchException {
        BenchLab lab = new BenchLab(state);
        String loadBefore = loadAverage();
        LabHost src = lab.host(HOST_SRC);
        LabHost dst = lab.host(HOST_DST);
        List<Measurement> measurements = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        progress.accept("starting agents in " + src.namespace() + " and " + dst.namespace());
        try (BenchAgent dstAgent = BenchAgent.start(HOST_DST, dst.namespace(), dst.managementAddress(), agentJar);
             BenchAgent srcAgent = BenchAgent.start(HOST_SRC, src.namespace(), src.managementAddress(), agentJar);
             // a second source agent whose socket engine writes one packet per call, against the first's sendmmsg
             BenchAgent srcWriteAgent = engines.contains(TrafficEngine.SOCKET) ? BenchAgent.start(HOST_SRC, src.namespace(),
                     src.managementAddress(), agentJar, List.of(LabDeckSender.SENDMMSG_OFF)) : null) {
            DstCounter dstCounter = new DstCounter(dstAgent, lab.dst().interfaceName());
            Process iperfServer = Iperf3Sender.server(lab.dst());
            try {
                List<Sender> senders = new ArrayList<>();
                for (TrafficEngine e : engines) {
                    boolean socket = e == TrafficEngine.SOCKET;
                    senders.add(new LabDeckSender(srcAgent, e, socket ? "sendmmsg" : "", lab.dst().address(), lab.src().address(),
                            settings.payloadBytes()));
                    if (socket) {
                        senders.add(new LabDeckSender(srcWriteAgent, e, "write", lab.dst().address(), lab.src().address(),
                                settings.payloadBytes()));
                    }
                }
                senders.add(new TrafgenSender(lab.src(), lab.dst(), settings.payloadBytes()));
                senders.add(new Iperf3Sender(lab.src(), lab.dst(), settings.payloadBytes()));
                for (int round = 1; round <= settings.rounds(); round++) {
                    List<Sender> order = new ArrayList<>(senders);
                    Collections.rotate(order, -(round - 1));
                    for (Sender s : order) {
                        if (skipped.stream().anyMatch(k -> k.sender().equals(s.name()))) continue;
                        try {
                            dstCounter.attach(s.needsReplies() ? "pass" : "drop");
                            Measurement m = measure(lab, s, round, settings, dstCounter::count);
                            measurements.add(m);
                            progress.accept(String.format("round %d  %-24s %,12.0f pps  %5.2f CPU-s  %,12.0f pps/CPU-s  %5.2f machine CPU-s%s",
                                    round, s.name(), m.pps(), m.cpuSeconds(), m.ppsPerCpuSecond(), m.machineCpuSeconds(),
                                    m.claimHolds() ? "" : "  CLAIM DIFFERS: claimed " + m.claimed() + ", src tx " + m.srcTxPackets()
                                            + ", dst " + m.dstPackets()));
                        } catch (BenchException e) {
                            if (round == 1 && s instanceof LabDeckSender) {
                                String why = e.getMessage().startsWith(s.name() + ": ") ? e.getMessage().substring(s.name().length() + 2) : e.getMessage();
                                skipped.add(new Skipped(s.name(), why));
                                progress.accept("skipped " + s.name() + ": " + e.getMessage());
                            } else {
                                throw e;
                            }
                        }
                    }
                }
            } finally {
                iperfServer.destroy();
                dstCounter.detach();
            }
        }
        return new Result(settings, state.name(), List.copyOf(measurements), List.copyOf(skipped), loadBefore, loadAverage());
    }

    private interface Count {
        long get() throws BenchException;
    }

    private Measurement measure(BenchLab lab, Sender sender, int round, Settings settings, Count dstCount) throws BenchException {
        long txBefore = BenchLab.counters(lab.src()).txPackets();
        long dstBefore = dstCount.get();
        Duration runFor = settings.window().plus(SETTLE).plus(Duration.ofSeconds(3));
        long windowPackets;
        double seconds;
        double cpu;
        double machineCpu;
        long claimed;
        try (Sender.Sending sending = sender.start(runFor)) {
            Instant deadline = Instant.now().plus(FIRST_PACKETS_WITHIN);
            while (BenchLab.counters(lab.src()).txPackets() < txBefore + 1000) {
                if (Instant.now().isAfter(deadline)) {
                    throw new BenchException(sender.name() + ": fewer than 1000 packets on " + lab.src().interfaceName()
                            + " within " + FIRST_PACKETS_WITHIN.toSeconds() + " s of its start");
                }
                pause(Duration.ofMillis(20));
            }
            pause(SETTLE);
            long tx0 = BenchLab.counters(lab.src()).txPackets();
            Duration cpu0 = sending.cpu();
            double busy0 = MachineCpu.busySeconds();
            long t0 = System.nanoTime();
            pause(settings.window());
            long tx1 = BenchLab.counters(lab.src()).txPackets();
            Duration cpu1 = sending.cpu();
            double busy1 = MachineCpu.busySeconds();
            long t1 = System.nanoTime();
            claimed = sending.stop();
            windowPackets = tx1 - tx0;
            seconds = (t1 - t0) / 1e9;
            cpu = (cpu1.toNanos() - cpu0.toNanos()) / 1e9;
            machineCpu = busy1 - busy0;
        }
        long txAfter = settled(() -> BenchLab.counters(lab.src()).txPackets());
        long dstAfter = settled(dstCount);
        return new Measurement(sender.name(), round, windowPackets, seconds, cpu, machineCpu, claimed, txAfter - txBefore, dstAfter - dstBefore);
    }

    /** A counter once it stops moving (two reads 200 ms apart agree), at most 5 s. */
    private static long settled(Count count) throws BenchException {
        long last = count.get();
        Instant deadline = Instant.now().plusSeconds(5);
        while (Instant.now().isBefore(deadline)) {
            pause(Duration.ofMillis(200));
            long now = count.get();
            if (now == last) return now;
            last = now;
        }
        return last;
    }

    /** LabDeck's counting XDP program on {@code dst}'s end of the link, dropping or passing what it counts. */
    private static final class DstCounter {
        private final BenchAgent agent;
        private final String device;
        private XdpAttachment attached;
        private String action;

        DstCounter(BenchAgent agent, String device) {
            this.agent = agent;
            this.device = device;
        }

        void attach(String wanted) throws BenchException {
            if (wanted.equals(action)) return;
            detach();
            try {
                attached = agent.client().attachXdp(new XdpAttachRequest(device, "builtin:count", null, "native", false, wanted));
                action = wanted;
            } catch (AgentException e) {
                throw new BenchException("cannot attach the counting XDP program (" + wanted + ") to dst " + device + ": " + e.detail(), e);
            }
        }

        void detach() {
            if (attached == null) return;
            try {
                agent.client().detachXdp(attached.id());
            } catch (AgentException e) {
                // the agent detaches what it attached when it shuts down
            }
            attached = null;
            action = null;
        }

        long count() throws BenchException {
            try {
                return agent.client().xdpCounters(attached.id()).actions().values().stream().mapToLong(Long::longValue).sum();
            } catch (AgentException e) {
                throw new BenchException("cannot read the XDP counters on dst: " + e.detail(), e);
            }
        }
    }

    private static void pause(Duration d) throws BenchException {
        try {
            TimeUnit.NANOSECONDS.sleep(d.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
    }

    static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
