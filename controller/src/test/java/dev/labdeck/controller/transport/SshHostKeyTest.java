package dev.labdeck.controller.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.profile.AgentSettings;
import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.testkit.ClassFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Host keys against a real sshd: what OpenSSH's user would expect to see refused or accepted. */
class SshHostKeyTest {
    @RegisterExtension
    static final ClassFixture<TestSshd> sshd = ClassFixture.of(TestSshd::start);

    @TempDir
    Path home;

    private HostSpec host() {
        return new HostSpec("dst", "127.0.0.1", HostSpec.Transport.SSH, sshd.get().port, sshd.get().user, sshd.get().userKey.toString(),
                Set.of("dst"), null, List.of(), null);
    }

    private TransportOptions options(Path userKnownHosts) {
        return TransportOptions.defaults()
                .withUserDir(home.resolve(".labdeck"))
                .withKnownHosts(userKnownHosts, home.resolve(".labdeck").resolve("known_hosts"))
                .withSshDir(home.resolve(".ssh"))
                .withSshAgentSocket(null);
    }

    private static CommandResult whoami(HostTransport t) throws TransportException {
        return t.exec(List.of("id", "-un"), Duration.ofSeconds(10));
    }

    @Test
    void unknownHostKeyIsRefusedWithHowToAcceptThenAcceptedAndRemembered() throws Exception {
        TransportOptions options = options(home.resolve("user_known_hosts"));

        TransportException refused = assertThrows(TransportException.class,
                () -> Transports.open(host(), AgentSettings.defaults(), options));
        assertTrue(refused.getMessage().contains("not known"), refused.getMessage());
        assertTrue(refused.getMessage().contains(TestSshd.fingerprintOf(Path.of(sshd.get().hostKey + ".pub")))
                || refused.getMessage().contains(TestSshd.fingerprintOf(Path.of(sshd.get().ecdsaHostKey + ".pub"))),
                "the offered key's fingerprint: " + refused.getMessage());
        assertTrue(refused.getMessage().contains("--accept-new-host-keys"), refused.getMessage());
        assertTrue(refused.getMessage().contains("accept_new_host_keys"), refused.getMessage());
        assertFalse(Files.exists(options.labdeckKnownHosts()), "nothing remembered for a refused key");

        try (HostTransport t = Transports.open(host(), AgentSettings.defaults(), options.withAcceptNewHostKeys(true))) {
            assertEquals(sshd.get().user, whoami(t).stdout().strip());
            String accepted = t.acceptedHostKey().orElseThrow(() -> new AssertionError("the acceptance is reported"));
            assertTrue(accepted.contains("accepted the new host key") && accepted.contains(options.labdeckKnownHosts() + ":1"), accepted);
        }
        List<String> remembered = Files.readAllLines(options.labdeckKnownHosts());
        assertEquals(1, remembered.size(), "one line remembered: " + remembered);
        assertTrue(List.of(sshd.get().knownHostsLine(), sshd.get().knownHostsLine(sshd.get().ecdsaHostKey)).contains(remembered.getFirst()), remembered.getFirst());

        // Remembered: the next connection needs no acceptance.
        try (HostTransport t = Transports.open(host(), AgentSettings.defaults(), options)) {
            assertTrue(whoami(t).ok());
            assertTrue(t.acceptedHostKey().isEmpty());
        }
    }

    @Test
    void profileSettingAlsoAcceptsNewKeys() throws Exception {
        TransportOptions options = options(home.resolve("user_known_hosts"));
        AgentSettings accept = new AgentSettings(8080, "127.0.0.1", Duration.ofSeconds(10), true);
        try (HostTransport t = Transports.open(host(), accept, options)) {
            assertTrue(whoami(t).ok());
        }
        assertTrue(Files.readString(options.labdeckKnownHosts()).contains("[127.0.0.1]:" + sshd.get().port));
    }

    @Test
    void changedHostKeyIsAlwaysRefusedShowingBothFingerprintsAndTheOldLine() throws Exception {
        Path otherKey = TestSshd.keygen(home.resolve("other_host_key"), "old-host");
        String[] old = Files.readString(Path.of(otherKey + ".pub")).strip().split(" ");
        Path userKnownHosts = home.resolve("user_known_hosts");
        Files.writeString(userKnownHosts, "# the host as it was before\n[127.0.0.1]:" + sshd.get().port + " " + old[0] + " " + old[1] + "\n");
        TransportOptions options = options(userKnownHosts).withAcceptNewHostKeys(true);

        TransportException refused = assertThrows(TransportException.class,
                () -> Transports.open(host(), AgentSettings.defaults(), options));
        String message = refused.getMessage();
        assertTrue(message.contains("CHANGED"), message);
        assertTrue(message.contains(TestSshd.fingerprintOf(Path.of(sshd.get().hostKey + ".pub"))), "offered fingerprint: " + message);
        assertTrue(message.contains(TestSshd.fingerprintOf(Path.of(otherKey + ".pub"))), "old fingerprint: " + message);
        assertTrue(message.contains(userKnownHosts + ":2"), "file:line of the old entry: " + message);
        assertFalse(Files.exists(options.labdeckKnownHosts()), "a changed key is never written down");
    }

    @Test
    void aKnownHostOfferingAKeyOfAnotherTypeIsTreatedAsChangedEvenWhenNewKeysAreAccepted() throws Exception {
        Path rsa = home.resolve("old_rsa_host_key");
        TestSshd.run(List.of("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-C", "old-host", "-f", rsa.toString()));
        String[] old = Files.readString(Path.of(rsa + ".pub")).strip().split(" ");
        Path userKnownHosts = home.resolve("user_known_hosts");
        Files.writeString(userKnownHosts, "[127.0.0.1]:" + sshd.get().port + " " + old[0] + " " + old[1] + "\n");
        TransportOptions options = options(userKnownHosts).withAcceptNewHostKeys(true);

        TransportException refused = assertThrows(TransportException.class,
                () -> Transports.open(host(), AgentSettings.defaults(), options));
        String message = refused.getMessage();
        assertTrue(message.contains("CHANGED") && message.contains("ssh-rsa"), message);
        assertTrue(message.contains(TestSshd.fingerprintOf(Path.of(rsa + ".pub"))), "the known key's fingerprint: " + message);
        assertTrue(message.contains("delete line 1 of " + userKnownHosts), message);
        assertFalse(Files.exists(options.labdeckKnownHosts()), "the other type is not written down as new");
    }

    @Test
    void aKeyFileThatHoldsNoPrivateKeyGivesAClearError() throws Exception {
        Path userKnownHosts = home.resolve("user_known_hosts");
        Files.writeString(userKnownHosts, sshd.get().knownHostsLine() + "\n");
        Path text = home.resolve("notes.txt");
        Files.writeString(text, "not a key\n");
        Path big = home.resolve("big.bin");
        Files.write(big, new byte[200_000]);
        HostSpec h = host();
        for (var c : List.of(
                List.of("/dev/zero", "is not a regular file"),
                List.of(home.toString(), "is not a regular file"),
                List.of(big.toString(), "too large for a private key"),
                List.of(text.toString(), "holds no private key"),
                List.of(sshd.get().userKey + ".pub", "holds no private key"))) {
            HostSpec withKey = new HostSpec(h.name(), h.address(), h.transport(), h.sshPort(), h.user(), c.get(0),
                    h.roles(), h.java(), h.services(), h.position());
            TransportException e = assertThrows(TransportException.class,
                    () -> Transports.open(withKey, AgentSettings.defaults(), options(userKnownHosts)));
            assertTrue(e.getMessage().contains("the SSH key file " + c.get(0) + " (key: in the profile) " )
                    && e.getMessage().contains(c.get(1)), e.getMessage());
        }
    }

    @Test
    void hashedKnownHostsEntryFromSshKeygenIsRecognised() throws Exception {
        Path userKnownHosts = home.resolve("user_known_hosts");
        Files.writeString(userKnownHosts, sshd.get().knownHostsLine() + "\n");
        TestSshd.run(List.of("ssh-keygen", "-H", "-f", userKnownHosts.toString()));
        assertTrue(Files.readString(userKnownHosts).startsWith("|1|"), "ssh-keygen -H hashed the entry");

        try (HostTransport t = Transports.open(host(), AgentSettings.defaults(), options(userKnownHosts))) {
            assertTrue(whoami(t).ok());
        }
    }

    @Test
    void asksForTheKnownKeyTypeWhenTheHostHasSeveral() throws Exception {
        for (Path key : List.of(sshd.get().hostKey, sshd.get().ecdsaHostKey)) {
            Path userKnownHosts = home.resolve("known_" + key.getFileName());
            Files.writeString(userKnownHosts, sshd.get().knownHostsLine(key) + "\n");
            try (HostTransport t = Transports.open(host(), AgentSettings.defaults(), options(userKnownHosts))) {
                assertTrue(whoami(t).ok(), "known only by " + key.getFileName());
            }
        }
    }

    @Test
    void entryForTheDefaultPortDoesNotVouchForAnotherPort() throws Exception {
        String[] key = sshd.get().hostPublicKey().split(" ");
        Path userKnownHosts = home.resolve("user_known_hosts");
        Files.writeString(userKnownHosts, "127.0.0.1 " + key[0] + " " + key[1] + "\n");
        TransportException refused = assertThrows(TransportException.class,
                () -> Transports.open(host(), AgentSettings.defaults(), options(userKnownHosts)));
        assertTrue(refused.getMessage().contains("not known"), refused.getMessage());
    }

    @Test
    void wrongUserKeyFailsWithWhatWasTried() throws Exception {
        Path userKnownHosts = home.resolve("user_known_hosts");
        Files.writeString(userKnownHosts, sshd.get().knownHostsLine() + "\n");
        Path stranger = TestSshd.keygen(home.resolve("stranger"), "stranger");
        HostSpec h = host();
        HostSpec withStranger = new HostSpec(h.name(), h.address(), h.transport(), h.sshPort(), h.user(), stranger.toString(),
                h.roles(), h.java(), h.services(), h.position());
        TransportException refused = assertThrows(TransportException.class,
                () -> Transports.open(withStranger, AgentSettings.defaults(), options(userKnownHosts)));
        assertTrue(refused.getMessage().contains("login as " + sshd.get().user + "@127.0.0.1:" + sshd.get().port + " failed"), refused.getMessage());
        assertTrue(refused.getMessage().contains(stranger.toString()), refused.getMessage());
    }
}
