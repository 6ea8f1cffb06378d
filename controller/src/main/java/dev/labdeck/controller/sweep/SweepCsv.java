package dev.labdeck.controller.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** sweep.csv: one row per step, for a spreadsheet or a plotting script. */
public final class SweepCsv {
    public static final String FILE = "sweep.csv";
    static final String HEADER = "step,rate_pps,packet_size,xdp,tx_packets,rx_packets,lost_packets,tx_pps,rx_pps,"
            + "loss_percent,generator_limited,dst_cpu_percent,started_ms,ended_ms,status,latency_p50_us,latency_p99_us";

    private SweepCsv() {}

    public static Path write(Path runDir, SweepSummary sweep) throws IOException {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (StepFigures s : sweep.steps()) {
            b.append(String.format(Locale.ROOT, "%s,%d,%d,%s,%d,%d,%d,%.1f,%.1f,%.4f,%b,%s,%d,%d,%s,%s,%s%n", s.name(), s.ratePps(),
                    s.packetSize(), s.withXdp() == null ? "" : s.withXdp() ? "with" : "without", s.txPackets(), s.rxPackets(),
                    s.lostPackets(), s.txPps(), s.rxPps(), s.lossPercent(), s.generatorLimited(),
                    s.dstCpu() == null ? "" : String.format(Locale.ROOT, "%.2f", s.dstCpu()), s.startedMs(), s.endedMs(), s.status(),
                    micros(s.latencyP50Us()), micros(s.latencyP99Us())));
        }
        Path f = runDir.resolve(FILE);
        Files.writeString(f, b);
        return f;
    }

    private static String micros(Double us) {
        return us == null ? "" : String.format(Locale.ROOT, "%.1f", us);
    }
}
