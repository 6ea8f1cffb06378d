package dev.labdeck.controller.transport;

import dev.labdeck.controller.profile.AgentSettings;
import dev.labdeck.controller.profile.HostSpec;

/** Opens the transport a host asks for: {@code local} for this machine, {@code ssh} otherwise. */
public final class Transports {

    private Transports() {}

    /**
     * Opens a transport to {@code host}. For SSH this connects and authenticates (so host key and
     * login problems surface here); for local it only checks that the agent jar is there.
     * New host keys are accepted when either {@code settings} or {@code options} says so.
     */
    public static HostTransport open(HostSpec host, AgentSettings settings, TransportOptions options)
            throws TransportException {
        TransportOptions effective = options.withAcceptNewHostKeys(
                options.acceptNewHostKeys() || (settings != null && settings.acceptNewHostKeys()));
        return switch (host.transport()) {
            case LOCAL -> new LocalTransport(host.name(), effective);
            case SSH -> SshTransport.connect(host, effective);
        };
    }
}
