/**
 * Answers rather than single numbers: a sweep measures the same lab at every combination of
 * rates, packet sizes and XDP on/off (deployed once, measured many times), and a throughput
 * search (RFC 2544 §26.1) finds by binary search the highest rate whose loss stays within a
 * limit. Both write one figure set per step or trial into summary.json ({@code sweep},
 * {@code search}), {@code sweep.csv} and {@code steps/}.
 */
package dev.labdeck.controller.sweep;
