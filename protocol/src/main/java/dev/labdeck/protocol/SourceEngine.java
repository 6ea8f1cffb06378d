package dev.labdeck.protocol;

import java.util.List;

/**
 * The engine a traffic source host would send a {@link TrafficStart} with, as its agent found at
 * PREFLIGHT (nothing is sent to the destination; xdp-live may prove itself with a few frames to
 * the discard port when it cannot inspect the egress device).
 *
 * @param engine          the engine that works there (never {@link TrafficEngine#AUTO})
 * @param threads         the sending threads it will run
 * @param notes           each faster engine skipped and why, and anything else the user should know
 *                        (e.g. fewer threads than asked)
 * @param egressInterface the interface the packets leave by, null when the host cannot tell
 */
public record SourceEngine(TrafficEngine engine, int threads, List<String> notes, String egressInterface) {}
