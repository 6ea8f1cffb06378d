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
 * a changed or revoked key is always refused. The refusal is kept for the transport's message.
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
            case KnownHosts.Verdict.Unknown u -> {
                if (!acceptNew) {
                    String others = u.otherTypes().isEmpty() ? "" : "\n  (keys of other types are known for it: "
                            + u.otherTypes().stream().map(e -> e.keyType() + " at " + e.location())
                                    .collect(Collectors.joining(", ")) + ")";
                    refusal = "the host key of " + where + " is not known: " + offered + others + "\n"
                            + "Check that fingerprint (on the host: ssh-keygen -lf /etc/ssh/ssh_host_"
                            + shortType(KnownHosts.keyType(key)) + "_key.pub), then accept it once with"
                            + " --accept-new-host-keys or agent.accept_new_host_keys: true in the profile;"
                            + " it is then remembered in " + labdeckKnownHosts + ".";
                    return false;
                }
                try {
                    int line = KnownHosts.append(labdeckKnownHosts, address, port, key);
                    LOG.info("{}: accepted new host key {} for {}, saved at {}:{}", hostName, offered, where, labdeckKnownHosts, line);
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
