package dev.labdeck.controller.profile;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One lab host (an entry of the profile's {@code hosts} mapping, keyed by its name).
 *
 * @param transport local (this machine, no SSH) or ssh
 * @param key       private key file for SSH; null means the ssh agent or the user's default keys
 * @param roles     e.g. src, dst, memif
 * @param java      path of a Java 25 on the host to use instead of the bundled runtime, or null
 * @param position  where the desktop app draws the host, or null
 */
public record HostSpec(
        @Key(internal = true, doc = "the host's name: its key in the hosts mapping") String name,
        @Key(derived = "127.0.0.1 for a local host",
                doc = "management address (SSH); 127.0.0.1 for a local host; lab:src (or lab:<lab>/src) for a"
                        + " lab-in-a-box host, resolved from the lab's state when the run starts") String address,
        @Key(derived = "ssh when an address is given, else local", doc = "local: this machine, no SSH")
        Transport transport,
        @Key(name = "port", port = true, orElse = "22", what = "SSH port", doc = "SSH port") int sshPort,
        @Key(doc = "SSH user; the current user when left out") String user,
        @Key(what = "key file", doc = "private key file; the ssh agent or default keys when left out; lab:src (or"
                + " \"lab:\") for the lab-in-a-box's generated key") String key,
        @Key(oneOrMore = true, orElse = "[]", doc = "e.g. src, dst, memif") Set<String> roles,
        @Key(doc = "a Java 25 on the host to use instead of the bundled runtime") String java,
        @Key(orElse = "[]", what = "services", doc = "processes LabDeck starts on the host in START SERVICES")
        List<ServiceSpec> services,
        @Key(custom = true, doc = "where the desktop app draws the host") Position position) {

    /** How the controller reaches the host. */
    public enum Transport implements ProfileWord {
        LOCAL, SSH;

        @Override
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where the desktop app draws a host. */
    public record Position(double x, double y) {}
}
