package dev.labdeck.controller.results;

import java.nio.file.Path;

/**
 * summary.json's {@code baseline} section for {@code baseline: {kind: run, run: DIR}}: the stored
 * run's figures (the same keys as a without-xdp baseline) and how this run differs from them.
 *
 * @param run    the stored run directory compared against
 * @param status how the stored run ended
 * @param dstCpu the stored run's CPU on its sink host, or null when it had none
 * @param change this run minus the stored run; null when this run measured no traffic
 */
public record BaselineRunComparison(String kind, String run, String runId, RunStatus status, long txPackets,
                                    long rxPackets, long lostPackets, double txPps, double rxPps, double lossPercent,
                                    CpuSummary dstCpu, Change change) {

    /**
     * @param rxPpsPercent       received packets/s, in percent of the stored run's
     * @param txPpsPercent       sent packets/s, in percent of the stored run's
     * @param lossPercentPoints  loss, in percentage points
     * @param dstCpuMeanPoints   the sink's mean CPU, in percentage points; null when either run lacks it
     */
    public record Change(double rxPpsPercent, double txPpsPercent, double lossPercentPoints, Double dstCpuMeanPoints) {}

    /** This run's traffic and CPU against the stored run's summary (which must have traffic). */
    public static BaselineRunComparison of(Path storedDir, RunSummary stored, TrafficSummary now, CpuSummary nowCpu) {
        TrafficSummary b = stored.traffic();
        Change change = now == null ? null : new Change(percentChange(now.rxPps(), b.rxPps()),
                percentChange(now.txPps(), b.txPps()), round(now.lossPercent() - b.lossPercent()),
                nowCpu == null || stored.dstCpu() == null ? null : round(nowCpu.mean() - stored.dstCpu().mean()));
        return new BaselineRunComparison("run", storedDir.toString(), stored.runId(), stored.status(), b.txPackets(),
                b.rxPackets(), b.lostPackets(), b.txPps(), b.rxPps(), b.lossPercent(), stored.dstCpu(), change);
    }

    private static double percentChange(double now, double before) {
        return before == 0 ? 0 : round((now - before) * 100.0 / before);
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
