package dev.labdeck.controller.sweep;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code data} of a sweep's and a search's events, so whoever follows a run (the GUI, a CI
 * script reading events.jsonl) reads the step, the rate asked for and the figures as fields
 * instead of parsing the message. Numbers are plain digits ({@code "100000"}, {@code "0.25"}),
 * no grouping, no exponent; booleans {@code "true"}/{@code "false"}.
 */
final class SweepEvents {
    private SweepEvents() {}

    /** {@code sweep.step}: step and steps (1-based of all), name, rate_pps, packet_size, and xdp when a baseline is compared. */
    static Map<String, String> step(SweepStep step, int steps) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("step", Integer.toString(step.index()));
        d.put("steps", Integer.toString(steps));
        d.put("name", step.name());
        d.put("rate_pps", Long.toString(step.ratePps()));
        d.put("packet_size", Integer.toString(step.packetSize()));
        if (step.withXdp() != null) d.put("xdp", step.withXdp().toString());
        return d;
    }

    /** {@code sweep.step.done}: the step's keys and its figures. */
    static Map<String, String> stepDone(SweepStep step, int steps, StepFigures f) {
        Map<String, String> d = step(step, steps);
        figures(d, f);
        return d;
    }

    /** {@code search}: one search (per packet size and side) starting. */
    static Map<String, String> search(int packetSize, Boolean withXdp, long maxPps, long minPps, double lossLimitPercent) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("packet_size", Integer.toString(packetSize));
        if (withXdp != null) d.put("xdp", withXdp.toString());
        d.put("max_pps", Long.toString(maxPps));
        d.put("min_pps", Long.toString(minPps));
        d.put("loss_limit_percent", number(lossLimitPercent));
        return d;
    }

    /** {@code search.trial}: trial (1-based within its search), name, rate_pps offered, packet_size, the figures, result passed or failed. */
    static Map<String, String> trial(int trial, String name, long offeredPps, int packetSize, Boolean withXdp, StepFigures f,
                                     boolean passed) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("trial", Integer.toString(trial));
        d.put("name", name);
        d.put("rate_pps", Long.toString(offeredPps));
        d.put("packet_size", Integer.toString(packetSize));
        if (withXdp != null) d.put("xdp", withXdp.toString());
        figures(d, f);
        d.put("result", passed ? "passed" : "failed");
        return d;
    }

    /** {@code search.result}: what one search found (throughput_pps absent when no trial passed). */
    static Map<String, String> result(int packetSize, Boolean withXdp, ThroughputSearch.Outcome o) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("packet_size", Integer.toString(packetSize));
        if (withXdp != null) d.put("xdp", withXdp.toString());
        // absent when no trial passed, not even at min_pps
        if (o.throughputPps() != null) d.put("throughput_pps", Long.toString(o.throughputPps()));
        d.put("generator_limited", Boolean.toString(o.generatorLimited()));
        d.put("trials", Integer.toString(o.trials().size()));
        return d;
    }

    private static void figures(Map<String, String> d, StepFigures f) {
        d.put("tx_packets", Long.toString(f.txPackets()));
        d.put("rx_packets", Long.toString(f.rxPackets()));
        d.put("lost_packets", Long.toString(f.lostPackets()));
        d.put("tx_pps", number(f.txPps()));
        d.put("rx_pps", number(f.rxPps()));
        d.put("loss_percent", number(f.lossPercent()));
        d.put("generator_limited", Boolean.toString(f.generatorLimited()));
    }

    /** Plain digits: {@code 100000}, {@code 0.25}; never {@code 1.0E5}. */
    static String number(double v) {
        if (!Double.isFinite(v)) return Double.toString(v);
        BigDecimal b = BigDecimal.valueOf(v).stripTrailingZeros();
        return b.scale() < 0 ? b.setScale(0).toPlainString() : b.toPlainString();
    }
}
