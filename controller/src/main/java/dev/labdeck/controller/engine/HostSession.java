package dev.labdeck.controller.engine;

import dev.labdeck.controller.agent.AgentClient;
import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.run.HostState;
import dev.labdeck.controller.transport.HostTransport;
import dev.labdeck.protocol.AgentInfo;

/** One host during a run: its transport, its agent's client and what the agent said about itself. */
final class HostSession {
    final HostSpec spec;
    volatile HostTransport transport;
    volatile AgentClient client;
    volatile AgentInfo info;
    volatile Thread heartbeat;
    /** Whether DEPLOY opened the agent's event stream (a reconnect reopens it then). */
    volatile boolean subscribed;
    volatile HostState state = HostState.PENDING;

    HostSession(HostSpec spec) {
        this.spec = spec;
    }

    String name() {
        return spec.name();
    }
}
