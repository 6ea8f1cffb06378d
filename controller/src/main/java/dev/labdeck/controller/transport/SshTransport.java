package dev.labdeck.controller.transport;

import dev.labdeck.controller.profile.HostSpec;

/** SSH to a lab host (Apache MINA SSHD). */
final class SshTransport {
    private SshTransport() {}

    static HostTransport connect(HostSpec host, TransportOptions options) throws TransportException {
        throw new TransportException(host.name(), "the ssh transport is not built yet; use transport: local");
    }
}
