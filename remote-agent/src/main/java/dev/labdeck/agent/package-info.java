/**
 * The LabDeck agent that runs on every lab host: {@link dev.labdeck.agent.AgentMain} (the process
 * contract), {@link dev.labdeck.agent.AgentServer} (server, features, sampler, dead-man switch),
 * and the extension point {@link dev.labdeck.agent.AgentFeature} through which traffic, metrics,
 * XDP and services plug in. Subpackages hold one concept each.
 */
package dev.labdeck.agent;
