package dev.labdeck.controller.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What gets uploaded to a host: the bundle (own Java runtime + jar + start script) or, for hosts
 * that have a Java 25, only the jar. Its SHA-256 names the directory it lives in on the host,
 * so an unchanged agent is never uploaded twice.
 */
record AgentArtifact(Kind kind, Path file, String sha256, long size) {

    enum Kind {
        /** labdeck-agent-bundle-linux-x64.tar.gz: runtime/, labdeck-agent.jar, bin/labdeck-agent */
        BUNDLE,
        /** labdeck-agent.jar alone, run with the host's own java */
        JAR
    }

    private record Stamp(Path file, FileTime modified, long size) {}

    private static final Map<Stamp, String> HASHES = new ConcurrentHashMap<>();

    static AgentArtifact of(Kind kind, Path file) throws IOException {
        Stamp stamp = new Stamp(file.toAbsolutePath(), Files.getLastModifiedTime(file), Files.size(file));
        String sha = HASHES.get(stamp);
        if (sha == null) {
            sha = sha256(file);
            HASHES.put(stamp, sha);
        }
        return new AgentArtifact(kind, file, sha, stamp.size());
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
