package dev.labdeck.agent.metrics;

import dev.labdeck.protocol.Metrics;
import dev.labdeck.protocol.Sample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;

/**
 * CPU per core and in total, memory, and per-interface counters and packet rates. OSHI is loaded
 * on the first reading, not at agent start (it takes a noticeable part of a second). Rates and
 * CPU percentages cover the time since the previous reading.
 */
final class SystemMetrics {
    private static final Logger log = LoggerFactory.getLogger(SystemMetrics.class);

    private HardwareAbstractionLayer hal;
    private long[][] previousCoreTicks;
    private long[] previousTotalTicks;
    private final Map<String, InterfaceCounters> previousIf = new HashMap<>();
    private long previousIfNanos;
    private final boolean procNetDev = ProcNetDev.available();

    synchronized List<Sample> read(long timeMs) {
        List<Sample> out = new ArrayList<>();
        try {
            if (hal == null) hal = new SystemInfo().getHardware();
            cpu(timeMs, out);
            memory(timeMs, out);
        } catch (RuntimeException | LinkageError e) {
            log.warn("cannot read CPU and memory metrics: {}", e.toString());
        }
        try {
            interfaces(timeMs, out);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot read interface metrics: {}", e.toString());
        }
        return out;
    }

    private void cpu(long timeMs, List<Sample> out) {
        CentralProcessor cpu = hal.getProcessor();
        long[][] coreTicks = cpu.getProcessorCpuLoadTicks();
        long[] totalTicks = cpu.getSystemCpuLoadTicks();
        if (previousCoreTicks == null || previousCoreTicks.length != coreTicks.length) {
            // first reading: the average since boot, better than nothing
            previousCoreTicks = new long[coreTicks.length][coreTicks.length == 0 ? 0 : coreTicks[0].length];
            previousTotalTicks = new long[totalTicks.length];
        }
        double[] perCore = cpu.getProcessorCpuLoadBetweenTicks(previousCoreTicks);
        double total = cpu.getSystemCpuLoadBetweenTicks(previousTotalTicks);
        previousCoreTicks = coreTicks;
        previousTotalTicks = totalTicks;
        for (int i = 0; i < perCore.length; i++) {
            out.add(new Sample(timeMs, Metrics.CPU_CORE_UTIL, Map.of("core", Integer.toString(i)), percent(perCore[i])));
        }
        out.add(new Sample(timeMs, Metrics.CPU_TOTAL_UTIL, Map.of(), percent(total)));
    }

    private static double percent(double load) {
        return Double.isNaN(load) ? 0 : Math.round(load * 1000.0) / 10.0;
    }

    private void memory(long timeMs, List<Sample> out) {
        GlobalMemory mem = hal.getMemory();
        long total = mem.getTotal();
        out.add(new Sample(timeMs, Metrics.MEM_USED_BYTES, Map.of(), total - mem.getAvailable()));
        out.add(new Sample(timeMs, Metrics.MEM_TOTAL_BYTES, Map.of(), total));
    }

    private void interfaces(long timeMs, List<Sample> out) throws IOException {
        List<InterfaceCounters> now = procNetDev ? ProcNetDev.read() : oshiInterfaces();
        long nanos = System.nanoTime();
        double seconds = previousIfNanos == 0 ? 0 : (nanos - previousIfNanos) / 1e9;
        for (InterfaceCounters c : now) {
            Map<String, String> label = Map.of("iface", c.name());
            out.add(new Sample(timeMs, Metrics.IF_RX_PACKETS, label, c.rxPackets()));
            out.add(new Sample(timeMs, Metrics.IF_TX_PACKETS, label, c.txPackets()));
            out.add(new Sample(timeMs, Metrics.IF_RX_BYTES, label, c.rxBytes()));
            out.add(new Sample(timeMs, Metrics.IF_TX_BYTES, label, c.txBytes()));
            out.add(new Sample(timeMs, Metrics.IF_RX_ERRORS, label, c.rxErrors()));
            out.add(new Sample(timeMs, Metrics.IF_TX_ERRORS, label, c.txErrors()));
            out.add(new Sample(timeMs, Metrics.IF_RX_DROPS, label, c.rxDrops()));
            out.add(new Sample(timeMs, Metrics.IF_TX_DROPS, label, c.txDrops()));
            InterfaceCounters before = previousIf.get(c.name());
            if (before != null && seconds > 0) {
                out.add(new Sample(timeMs, Metrics.IF_RX_PPS, label, rate(c.rxPackets() - before.rxPackets(), seconds)));
                out.add(new Sample(timeMs, Metrics.IF_TX_PPS, label, rate(c.txPackets() - before.txPackets(), seconds)));
            }
        }
        previousIf.clear();
        for (InterfaceCounters c : now) previousIf.put(c.name(), c);
        previousIfNanos = nanos;
    }

    private static double rate(long delta, double seconds) {
        return delta < 0 ? 0 : Math.round(delta / seconds * 10.0) / 10.0; // a counter reset reads as 0, not negative
    }

    private List<InterfaceCounters> oshiInterfaces() {
        if (hal == null) hal = new SystemInfo().getHardware();
        List<InterfaceCounters> out = new ArrayList<>();
        for (NetworkIF n : hal.getNetworkIFs(true)) {
            n.updateAttributes();
            out.add(new InterfaceCounters(n.getName(), n.getBytesRecv(), n.getPacketsRecv(), n.getInErrors(), n.getInDrops(),
                    n.getBytesSent(), n.getPacketsSent(), n.getOutErrors(), 0));
        }
        return out;
    }
}
