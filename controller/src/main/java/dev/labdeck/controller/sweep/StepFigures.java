package dev.labdeck.controller.sweep;

import java.util.Map;

/**
 * What one sweep step measured: a row of sweep.csv and of summary.json's {@code sweep.steps}.
 *
 * @param dstCpu        mean CPU of the sink host over the step, percent; null without samples
 * @param dstCpuPerCore by core number
 * @param status        {@code measured}, {@code generator_limited} (the source fell short of the rate), or {@code failed}
 * @param latencyP50Us  median one-way latency in µs over the step; null when the sink did not measure it
 * @param latencyP99Us  99th percentile
 */
public record StepFigures(String name, long ratePps, int packetSize, Boolean withXdp, long txPackets, long rxPackets,
                          long lostPackets, double txPps, double rxPps, double lossPercent, boolean generatorLimited,
                          Double dstCpu, Map<String, Double> dstCpuPerCore, long startedMs, long endedMs, String status,
                          Double latencyP50Us, Double latencyP99Us) {

    /** Without latency. */
    public StepFigures(String name, long ratePps, int packetSize, Boolean withXdp, long txPackets, long rxPackets,
                       long lostPackets, double txPps, double rxPps, double lossPercent, boolean generatorLimited,
                       Double dstCpu, Map<String, Double> dstCpuPerCore, long startedMs, long endedMs, String status) {
        this(name, ratePps, packetSize, withXdp, txPackets, rxPackets, lostPackets, txPps, rxPps, lossPercent, generatorLimited,
                dstCpu, dstCpuPerCore, startedMs, endedMs, status, null, null);
    }
}
