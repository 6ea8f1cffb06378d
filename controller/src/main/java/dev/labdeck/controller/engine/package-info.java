/**
 * The run engine: {@link dev.labdeck.controller.engine.RunEngine} starts a run of a profile and
 * {@link dev.labdeck.controller.engine.PhaseMachine} walks its phases. The engine sits above the
 * features it runs (traffic, XDP, services, link counters), which see only the stage contract in
 * {@code dev.labdeck.controller.run}; so no feature depends on the engine and no package cycle forms.
 */
package dev.labdeck.controller.engine;
