package dev.labdeck.controller.xdp;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Map;

/**
 * summary.json's {@code xdp} section.
 *
 * @param packets     packets the builtin program saw over all flows (thresholds: {@code xdp.packets})
 * @param perFlow     by flow, from the builtin's per-port counters
 * @param actions     verdict totals of the builtin (pass, drop, tx, ...), over every frame it saw:
 *                    ARP, other protocols and the later fragments of large datagrams count as pass
 * @param measurement the traffic figures of the run with XDP attached (written inline: rx_pps,
 *                    loss_percent, dst_cpu ...), or null without traffic
 */
public record XdpSummary(long packets, long bytes, List<XdpFlowFigures> perFlow, Map<String, Long> actions,
                         @JsonUnwrapped MeasurementFigures measurement, List<XdpAttachmentSummary> attachments) {}
