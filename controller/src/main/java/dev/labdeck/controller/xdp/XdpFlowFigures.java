package dev.labdeck.controller.xdp;

/** What the builtin program counted for one flow (its UDP destination port). */
public record XdpFlowFigures(int flow, int port, long packets, long bytes) {}
