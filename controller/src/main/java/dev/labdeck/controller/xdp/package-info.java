/**
 * XDP in a run: {@link dev.labdeck.controller.xdp.XdpStage} attaches the profile's programs in
 * PREPARE (uploading the user's own objects first), detaches them at TEARDOWN after reading their
 * counters, and, when the profile asks for a {@code without-xdp} baseline, measures the same
 * traffic once without XDP so summary.json shows {@code baseline} and {@code xdp} side by side.
 */
package dev.labdeck.controller.xdp;
