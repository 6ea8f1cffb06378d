/**
 * XDP on the agent's host: uploaded objects (stored by SHA-256), the bundled {@code builtin:count}
 * program, attachments with their counters on the sample stream, and a ledger in the state
 * directory so a program an earlier agent left attached is reported at start.
 */
package dev.labdeck.agent.xdp;
