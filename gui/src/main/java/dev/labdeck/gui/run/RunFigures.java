package dev.labdeck.gui.run;

/**
 * The figures a finished run's tiles show: summary.json's, over MEASURE, not the last second.
 * A figure the run did not measure is NaN.
 *
 * @param txPps        packets per second the source sent (summary traffic.tx_pps)
 * @param rxPps        packets per second the sink received (traffic.rx_pps)
 * @param lossPercent  traffic.loss_percent
 * @param dstCpu       the sink host's mean CPU over MEASURE, percent (dst_cpu.mean)
 * @param requestedPps the rate the profile asked for; 0 when not known
 */
public record RunFigures(double txPps, double rxPps, double lossPercent, double dstCpu, long requestedPps) {
    public static final RunFigures NONE = new RunFigures(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
}
