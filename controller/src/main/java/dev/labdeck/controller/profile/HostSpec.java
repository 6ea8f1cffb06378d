package dev.labdeck.controller.profile;

import java.util.List;
import java.util.Set;

/**
 * One lab host.
 *
 * @param transport local (this machine, no SSH) or ssh
 * @param key       private key file for SSH; null means the ssh agent or the user's default keys
 * @param roles     e.g. src, dst, memif
 * @param java      path of a Java 25 on the host to use instead of the bundled runtime, or null
 * @param position  where the desktop app draws the host, or null
 */
public record HostSpec(
        String name,
        String address,
        Transport transport,
        int sshPort,
        String user,
        String key,
        Set<String> roles,
        String java,
        List<ServiceSpec> services,
        Position position) {

    public enum Transport { LOCAL, SSH }

    public record Position(double x, double y) {}
}
