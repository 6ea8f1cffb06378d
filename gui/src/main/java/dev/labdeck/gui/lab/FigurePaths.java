package dev.labdeck.gui.lab;

import java.util.List;

/** Figures of summary.json a threshold can name, offered in the inspector. */
final class FigurePaths {
    private FigurePaths() {}

    static final List<String> EXAMPLES = List.of("traffic.loss_percent <= 0.1", "traffic.rx_pps >= 9000");

    static final List<String> ALL = List.of("traffic.loss_percent", "traffic.rx_pps", "traffic.tx_pps", "traffic.tx_packets",
            "traffic.rx_packets", "traffic.lost_packets", "cpu.max_percent", "xdp.packets", "dpdk.rx_packets", "dpdk.tx_packets");
}
