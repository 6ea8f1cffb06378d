/**
 * How the controller reaches lab hosts: the {@code local} transport for this machine, and SSH
 * (Apache MINA SSHD) with known_hosts checking, the agent bundle upload by SHA-256, a detached
 * agent start and a local port forward to it. {@link dev.labdeck.controller.transport.Transports}
 * picks one for a host.
 */
package dev.labdeck.controller.transport;
