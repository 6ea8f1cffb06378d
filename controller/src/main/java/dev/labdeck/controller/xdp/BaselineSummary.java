package dev.labdeck.controller.xdp;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * summary.json's {@code baseline} section: the same traffic measured without any XDP program, a
 * kernel socket receiving; the figures are written inline (rx_pps, loss_percent, dst_cpu ...).
 */
public record BaselineSummary(String kind, @JsonUnwrapped MeasurementFigures measurement) {}
