/** System metrics of the agent's host: CPU per core, memory (OSHI) and per-interface counters and rates. */
package dev.labdeck.agent.metrics;
