package dev.labdeck.gui.run;

import java.util.List;

/**
 * The figures a finished run's tiles show: summary.json's, over MEASURE, not the last second.
 * A figure the run did not measure is NaN.
 *
 * @param txPps        packets per second the source sent (summary traffic.tx_pps)
 * @param rxPps        packets per second the sink received (traffic.rx_pps)
 * @param lossPercent  traffic.loss_percent
 * @param dstCpu       the sink host's mean CPU over MEASURE, percent (dst_cpu.mean)
 * @param requestedPps the rate the profile asked for; 0 when not known
 * @param more         the HTTP load's and the services' figures (http.*, services.*.figures.*), in summary order
 */
public record RunFigures(double txPps, double rxPps, double lossPercent, double dstCpu, long requestedPps, List<Figure> more) {
    public static final RunFigures NONE = new RunFigures(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

    public RunFigures {
        more = more == null ? List.of() : List.copyOf(more);
    }

    public RunFigures(double txPps, double rxPps, double lossPercent, double dstCpu, long requestedPps) {
        this(txPps, rxPps, lossPercent, dstCpu, requestedPps, List.of());
    }

    /**
     * One more figure of summary.json.
     *
     * @param path    its dotted path (what a threshold names), e.g. services.web.figures.rps
     * @param title   what the tile says, e.g. "web · rps"
     * @param unit    e.g. "requests/s"; empty when summary.json does not say
     * @param value   NaN when it could not be read
     * @param missing why it could not be read (the service's figures_missing), else null
     */
    public record Figure(String path, String title, String unit, double value, String missing) {}
}
