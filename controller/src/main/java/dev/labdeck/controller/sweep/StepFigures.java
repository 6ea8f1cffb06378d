package dev.labdeck.controller.sweep;

import java.util.Map;

/**
 * What one sweep step measured: a row of sweep.csv and of summary.json's {@code sweep.steps}.
 *
 * @param dstCpu        mean CPU of the sink host over the step, percent; null without samples
 * @param dstCpuPerCore by core number
 * @param status        {@code measured}, {@code generator_limited} (the source fell short of the rate), or {@code failed}
 */
public record StepFigures(String name, long ratePps, int packetSize, Boolean withXdp, long txPackets, long rxPackets,
                          long lostPackets, double txPps, double rxPps, double lossPercent, boolean generatorLimited,
                          Double dstCpu, Map<String, Double> dstCpuPerCore, long startedMs, long endedMs, String status) {}
