package dev.labdeck.controller.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host keys from OpenSSH-format known_hosts files (the user's and LabDeck's own), read the way
 * OpenSSH reads them: plain and hashed ({@code |1|salt|hash}) host fields, patterns, and the
 * {@code [host]:port} form for ports other than 22. Every entry remembers its file and line so a
 * refusal can point at it.
 */
final class KnownHosts {
    private static final Logger LOG = LoggerFactory.getLogger(KnownHosts.class);

    /** One line of a known_hosts file. */
    record Entry(Path file, int line, String marker, String keyType, byte[] keyBlob, KnownHostEntry parsed) {
        String location() {
            return file + ":" + line;
        }

        String fingerprint() {
            return KnownHosts.fingerprint(keyBlob);
        }
    }

    /** What the files say about a key a host offered. */
    sealed interface Verdict {
        /** A line lists exactly this key for the host. */
        record Known(Entry entry) implements Verdict {}

        /** No line lists a key of this type for the host; {@code otherTypes} lists keys of other types. */
        record Unknown(List<Entry> otherTypes) implements Verdict {}

        /** A line lists another key of the same type for the host: never accepted. */
        record Changed(Entry old) implements Verdict {}

        /** The key is marked {@code @revoked}. */
        record Revoked(Entry entry) implements Verdict {}
    }

    private final List<Entry> entries;

    private KnownHosts(List<Entry> entries) {
        this.entries = entries;
    }

    /** Reads the files that exist; unreadable lines are skipped with a debug log, like OpenSSH does. */
    static KnownHosts load(List<Path> files) {
        List<Entry> all = new ArrayList<>();
        for (Path file : files) {
            if (file == null || !Files.isRegularFile(file)) {
                continue;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                LOG.warn("cannot read known_hosts file {}: {}", file, e.getMessage());
                continue;
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                try {
                    KnownHostEntry parsed = KnownHostEntry.parseKnownHostEntry(line);
                    AuthorizedKeyEntry key = parsed == null ? null : parsed.getKeyEntry();
                    if (key == null) {
                        continue;
                    }
                    all.add(new Entry(file, i + 1, parsed.getMarker(), key.getKeyType(), key.getKeyData(), parsed));
                } catch (RuntimeException e) {
                    LOG.debug("{}:{}: skipped unreadable known_hosts line: {}", file, i + 1, e.getMessage());
                }
            }
        }
        return new KnownHosts(all);
    }

    List<Entry> entries() {
        return entries;
    }

    /** Key types listed (unmarked) for {@code host} on {@code port}. */
    java.util.Set<String> knownKeyTypes(String host, int port) {
        java.util.Set<String> types = new java.util.LinkedHashSet<>();
        entries.stream().filter(e -> (e.marker() == null || e.marker().isEmpty()) && matches(e, host, port))
                .forEach(e -> types.add(e.keyType()));
        return types;
    }

    /** Judges {@code key} offered by {@code host} on {@code port}. */
    Verdict check(String host, int port, PublicKey key) {
        String type = keyType(key);
        byte[] blob = keyBlob(key);
        List<Entry> forHost = entries.stream().filter(e -> matches(e, host, port)).toList();
        for (Entry e : forHost) {
            if (isMarker(e, "revoked") && Arrays.equals(e.keyBlob(), blob)) {
                return new Verdict.Revoked(e);
            }
        }
        List<Entry> plain = forHost.stream().filter(e -> e.marker() == null || e.marker().isEmpty()).toList();
        for (Entry e : plain) {
            if (e.keyType().equals(type) && Arrays.equals(e.keyBlob(), blob)) {
                return new Verdict.Known(e);
            }
        }
        for (Entry e : plain) {
            if (e.keyType().equals(type)) {
                return new Verdict.Changed(e);
            }
        }
        return new Verdict.Unknown(plain);
    }

    private static boolean isMarker(Entry e, String name) {
        return e.marker() != null && e.marker().replace("@", "").equalsIgnoreCase(name);
    }

    private static boolean matches(Entry e, String host, int port) {
        try {
            return e.parsed().isHostMatch(host, port);
        } catch (RuntimeException ex) {
            return false;
        }
    }

    /** The host field OpenSSH writes: {@code host} on port 22, {@code [host]:port} otherwise. */
    static String hostField(String host, int port) {
        return port == 22 || port <= 0 ? host : "[" + host + "]:" + port;
    }

    /** Appends {@code key} for {@code host:port} to {@code file}, creating it (and its directory) if needed. */
    static int append(Path file, String host, int port, PublicKey key) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        String line = hostField(host, port) + " " + PublicKeyEntry.toString(key) + "\n";
        boolean needsNewline = Files.exists(file) && Files.size(file) > 0 && !endsWithNewline(file);
        Files.writeString(file, (needsNewline ? "\n" : "") + line, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return (int) Files.readAllLines(file, StandardCharsets.UTF_8).size();
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return bytes.length == 0 || bytes[bytes.length - 1] == '\n';
    }

    static String keyType(PublicKey key) {
        return PublicKeyEntry.toString(key).split(" ", 3)[0];
    }

    static byte[] keyBlob(PublicKey key) {
        return Base64.getDecoder().decode(PublicKeyEntry.toString(key).split(" ", 3)[1]);
    }

    /** OpenSSH's fingerprint: {@code SHA256:} and the unpadded base64 of the key blob's digest. */
    static String fingerprint(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String fingerprint(PublicKey key) {
        return fingerprint(keyBlob(key));
    }
}
