/**
 * The lab-in-a-box: a real three-host lab (network namespaces {@code src}, {@code dst},
 * {@code memif}) on one Linux machine, joined by a management bridge and a veth data link, each
 * host running its own OpenSSH server. {@link dev.labdeck.controller.lab.LabInABox} builds,
 * checks and removes it; {@link dev.labdeck.controller.lab.LabResolver} lets profiles name its
 * hosts ({@code lab:src}) instead of addresses.
 */
package dev.labdeck.controller.lab;
