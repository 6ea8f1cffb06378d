package dev.labdeck.controller.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsTest {

    @TempDir
    Path dir;

    private static KeyPair ecdsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static String line(String hosts, KeyPair key) {
        return hosts + " " + PublicKeyEntry.toString(key.getPublic());
    }

    @Test
    void findsTheKeyAmongPatternsAndTellsChangedFromUnknown() throws Exception {
        KeyPair a = ecdsa();
        KeyPair b = ecdsa();
        Path file = dir.resolve("known_hosts");
        Files.write(file, List.of(
                "# comment",
                "",
                line("lab-a,10.0.0.1", a),
                line("[10.0.0.2]:2222", b),
                "this line is garbage"));
        KnownHosts known = KnownHosts.load(List.of(file, dir.resolve("missing")));

        KnownHosts.Verdict.Known k = assertInstanceOf(KnownHosts.Verdict.Known.class, known.check("10.0.0.1", 22, a.getPublic()));
        assertEquals(3, k.entry().line());
        assertInstanceOf(KnownHosts.Verdict.Known.class, known.check("10.0.0.2", 2222, b.getPublic()));
        KnownHosts.Verdict.Changed c = assertInstanceOf(KnownHosts.Verdict.Changed.class, known.check("lab-a", 22, b.getPublic()));
        assertEquals(file + ":3", c.old().location());
        assertInstanceOf(KnownHosts.Verdict.Unknown.class, known.check("10.0.0.2", 22, b.getPublic()));
        assertInstanceOf(KnownHosts.Verdict.Unknown.class, known.check("10.0.0.9", 22, a.getPublic()));
    }

    @Test
    void revokedKeyIsReported() throws Exception {
        KeyPair a = ecdsa();
        Path file = dir.resolve("known_hosts");
        Files.write(file, List.of("@revoked * " + PublicKeyEntry.toString(a.getPublic()), line("h", a)));
        assertInstanceOf(KnownHosts.Verdict.Revoked.class, KnownHosts.load(List.of(file)).check("h", 22, a.getPublic()));
    }

    @Test
    void appendWritesOpenSshFormAndReadsBack() throws Exception {
        KeyPair a = ecdsa();
        Path file = dir.resolve("sub").resolve("known_hosts");
        assertEquals(1, KnownHosts.append(file, "10.1.1.1", 2200, a.getPublic()));
        Files.writeString(file, Files.readString(file) + "# no newline at end", java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(3, KnownHosts.append(file, "h2", 22, a.getPublic()));
        List<String> lines = Files.readAllLines(file);
        assertEquals("[10.1.1.1]:2200 " + PublicKeyEntry.toString(a.getPublic()), lines.get(0));
        assertEquals("h2 " + PublicKeyEntry.toString(a.getPublic()), lines.get(2));
        assertInstanceOf(KnownHosts.Verdict.Known.class, KnownHosts.load(List.of(file)).check("10.1.1.1", 2200, a.getPublic()));
    }

    @Test
    void fingerprintIsOpenSshsSha256Form() throws Exception {
        String fp = KnownHosts.fingerprint(ecdsa().getPublic());
        assertEquals(true, fp.matches("SHA256:[A-Za-z0-9+/]{43}"), fp);
    }

    @Test
    void shellQuotingSurvivesQuotesAndSpaces() {
        assertEquals("plain/path-1.0", ShellQuote.quote("plain/path-1.0"));
        assertEquals("'a b'", ShellQuote.quote("a b"));
        assertEquals("'it'\"'\"'s'", ShellQuote.quote("it's"));
        assertEquals("''", ShellQuote.quote(""));
        assertEquals("echo '$HOME' '*'", ShellQuote.join(List.of("echo", "$HOME", "*")));
    }
}
