/**
 * Live export of a running test for other tools: the latest value of every sample as Prometheus
 * text exposition ({@code /metrics}, through the Prometheus Java client) and every sample, phase
 * and event as server-sent events ({@code /events}), on a loopback port. Off unless asked
 * ({@code labdeck run --metrics-port}).
 */
package dev.labdeck.controller.live;
