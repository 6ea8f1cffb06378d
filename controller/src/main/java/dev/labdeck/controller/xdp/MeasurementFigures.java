package dev.labdeck.controller.xdp;

import dev.labdeck.controller.results.CpuSummary;
import dev.labdeck.controller.results.TrafficSummary;

/**
 * The figures compared between the baseline and the XDP run: what the sink received and what the
 * destination host's CPUs spent on it.
 *
 * @param dstCpu CPU per core of the sink host during the measurement, or null without samples
 */
public record MeasurementFigures(long txPackets, long rxPackets, long lostPackets, double txPps, double rxPps,
                                 double lossPercent, CpuSummary dstCpu) {

    static MeasurementFigures of(TrafficSummary t, CpuSummary cpu) {
        return new MeasurementFigures(t.txPackets(), t.rxPackets(), t.lostPackets(), t.txPps(), t.rxPps(),
                t.lossPercent(), cpu);
    }
}
