/**
 * What the agent changes on its host, written down before each change: XDP attachments, the
 * processes of its services, its runtime directory. An agent that dies without undoing them
 * (SIGKILL, power loss) leaves its journal; the next agent on that host, or
 * {@code labdeck-agent --cleanup}, finds journals whose owner is gone and undoes what they name.
 */
package dev.labdeck.agent.journal;
