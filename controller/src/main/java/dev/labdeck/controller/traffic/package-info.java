/**
 * Traffic on the controller's side: {@link dev.labdeck.controller.traffic.TrafficMeasurement} asks
 * the sink host's agent to listen, the source host's agent to send, and turns both sides' final
 * counters into the summary's traffic figures. The engine runs it in WARMUP, MEASURE and COOLDOWN;
 * stages (e.g. XDP's baseline) may run it again inside their own phase.
 */
package dev.labdeck.controller.traffic;
