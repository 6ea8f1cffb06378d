/**
 * Two or more runs side by side: which settings differ, how each figure of summary.json changed
 * (percent and whether for the better), and rules like {@code traffic.rx_pps < -5%} that turn a
 * change into a CI failure. Used by {@code labdeck compare}; reads only run directories.
 */
package dev.labdeck.controller.compare;
