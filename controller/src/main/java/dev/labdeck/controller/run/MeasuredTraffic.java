package dev.labdeck.controller.run;

import dev.labdeck.controller.results.TrafficSummary;

/**
 * One traffic measurement's figures and when it ran, as the stages see it at TEARDOWN.
 *
 * @param measureStartMs when the source was asked to start (controller clock)
 * @param measureEndMs   when it was seen finished
 */
public record MeasuredTraffic(TrafficSummary traffic, long measureStartMs, long measureEndMs) {}
