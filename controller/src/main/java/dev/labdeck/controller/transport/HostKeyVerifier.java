package dev.labdeck.controller.transport;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the key one SSH host offers against the user's and LabDeck's known_hosts, as OpenSSH
 * would with {@code StrictHostKeyChecking=yes} (or {@code accept-new} when new keys are accepted):
 * a known key passes, an unknown key is refused unless accepted (then appended to LabDeck's file),
 * a changed or revoked key is always refused, and so is a key of another type than the ones known
 * for the host (a host that lost the key it was known by is a changed host, not a new one). The
 * refusal, or the acceptance of a new key, is kept for the transport to report.
 */
final class HostKeyVerifier implements ServerKeyVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(HostKeyVerifier.class);

    private final String hostName;
    private final String address;
    private final int port;
    private final Path userKnownHosts;
    private final Path labdeckKnownHosts;
    private final boolean acceptNew;
    private volatile String refusal;
    private volatile String accepted;

    HostKeyVerifier(String hostName, String address, int port, Path userKnownHosts, Path labdeckKnownHosts, boolean acceptNew) {
        this.hostName = hostName;
        this.address = address;
        this.port = port;
        this.userKnownHosts = userKnownHosts;
        this.labdeckKnownHosts = labdeckKnownHosts;
        this.acceptNew = acceptNew;
    }

    /** Why the last key was refused, for people; null when none was. */
    String refusal() {
        return refusal;
    }

    /** What new host key was accepted and where it was written down; null when none was. */
    String accepted() {
        return accepted;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
        KnownHosts known = KnownHosts.load(List.of(userKnownHosts, labdeckKnownHosts));
        String where = KnownHosts.hostField(address, port);
        String offered = KnownHosts.keyType(key) + " " + KnownHosts.fingerprint(key);
        switch (known.check(address, port, key)) {
            case KnownHosts.Verdict.Known k -> {
                LOG.debug("{}: host key {} matches {}", hostName, offered, k.entry().location());
                return true;
            }
            case KnownHosts.Verdict.Changed c -> {
                refusal = "the host key of " + where + " has CHANGED, refusing to connect"
                        + " (someone may be intercepting the connection, or the host was reinstalled).\n"
                        + "  offered now:  " + offered + "\n"
                        + "  known before: " + c.old().keyType() + " " + c.old().fingerprint() + " at " + c.old().location() + "\n"
                        + "If the host really changed, delete line " + c.old().line() + " of " + c.old().file()
                        + " and connect again with --accept-new-host-keys.";
                return false;
            }
            case KnownHosts.Verdict.Revoked r -> {
                refusal = "the host key " + offered + " of " + where + " is marked @revoked at " + r.entry().location()
                        + "; refusing to connect.";
                return false;
            }
            case KnownHosts.Verdict.Unknown u when !u.otherTypes().isEmpty() -> {
                KnownHosts.Entry old = u.otherTypes().getFirst();
                refusal = "the host key of " + where + " has CHANGED, refusing to connect: the host is known by "
                        + u.otherTypes().stream().map(e -> e.keyType() + " " + e.fingerprint() + " at " + e.location())
                                .collect(Collectors.joining(", "))
                        + " but offers only " + offered + " (someone may be intercepting the connection, or the host was reinstalled).\n"
                        + "If the host really changed, delete line " + old.line() + " of " + old.file()
                        + " and connect again with --accept-new-host-keys.";
                return false;
            }
            case KnownHosts.Verdict.Unknown u -> {
                if (!acceptNew) {
                    refusal = "the host key of " + where + " is not known: " + offered + "\n"
                            + "Check that fingerprint (on the host: ssh-keygen -lf /etc/ssh/ssh_host_"
                            + shortType(KnownHosts.keyType(key)) + "_key.pub), then accept it once with"
                            + " --accept-new-host-keys or agent.accept_new_host_keys: true in the profile;"
                            + " it is then remembered in " + labdeckKnownHosts + ".";
                    return false;
                }
                try {
                    int line = KnownHosts.append(labdeckKnownHosts, address, port, key);
                    accepted = "accepted the new host key " + offered + " of " + where + " and remembered it at "
                            + labdeckKnownHosts + ":" + line;
                    // the log file only: the caller says it once on the terminal (a run as its host_key.accepted event)
                    LOG.info("{}: {}", hostName, accepted);
                    return true;
                } catch (IOException e) {
                    refusal = "cannot remember the new host key of " + where + " in " + labdeckKnownHosts + ": " + e.getMessage();
                    return false;
                }
            }
        }
    }

    private static String shortType(String keyType) {
        if (keyType.contains("ed25519")) return "ed25519";
        if (keyType.startsWith("ecdsa")) return "ecdsa";
        if (keyType.contains("rsa")) return "rsa";
        return "*";
    }
}
