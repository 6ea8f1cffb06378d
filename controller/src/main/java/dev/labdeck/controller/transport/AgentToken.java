package dev.labdeck.controller.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** A fresh bearer token per agent start; it lives only in a 0600 file on the host and in memory here. */
public final class AgentToken {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AgentToken() {}

    /** 256 random bits, URL-safe base64 (no characters a shell or an HTTP header would mind). */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Short random id for directory names. */
    static String shortId() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /** Writes the token to a new file created with mode 0600 (never readable by others, not even briefly). */
    public static void writeFile(Path file, String token) throws IOException {
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, token + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
