/**
 * {@code labdeck bench generator}: LabDeck's traffic engines against trafgen and iperf3 on the
 * lab-in-a-box's data link, interleaved, every sender counted by the kernel, with the CPU time
 * each one spent, so a claim of "N times trafgen per core" comes with the counts behind it.
 */
package dev.labdeck.controller.bench;
