/**
 * What a run is, in the words the GUI, the CLI and the stages share: its phases
 * ({@link dev.labdeck.controller.run.RunPhase}), events, hosts' states, failures (host, step,
 * reason), the {@link dev.labdeck.controller.run.RunListener} and
 * {@link dev.labdeck.controller.run.RunHandle} of a run in progress, and the stage contract
 * ({@link dev.labdeck.controller.run.RunStage}, {@link dev.labdeck.controller.run.RunContext}).
 * The engine that drives them is {@code dev.labdeck.controller.engine}.
 */
package dev.labdeck.controller.run;
