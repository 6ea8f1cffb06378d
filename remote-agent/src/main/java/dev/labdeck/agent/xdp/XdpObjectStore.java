package dev.labdeck.agent.xdp;

import dev.labdeck.nativeio.bpf.BpfException;
import dev.labdeck.nativeio.bpf.BpfMap;
import dev.labdeck.nativeio.bpf.BpfObject;
import dev.labdeck.protocol.XdpObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * XDP objects on this host: uploads stored under {@code <state>/xdp/objects/<sha256>.o} (the same
 * bytes twice are stored once) and the builtin extracted from the agent's own jar.
 */
final class XdpObjectStore {
    static final String SHA_PREFIX = "sha256:";
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};

    private final Path objects;
    private final Path builtinDir;

    XdpObjectStore(Path stateDir) {
        this.objects = stateDir.resolve("xdp").resolve("objects");
        this.builtinDir = stateDir.resolve("xdp").resolve("builtin");
    }

    /** Stores an upload after checking it is an ELF object libbpf can open. */
    XdpObjectInfo upload(byte[] bytes) throws XdpRequestException, IOException {
        if (bytes.length < ELF_MAGIC.length || !startsWithElfMagic(bytes)) {
            throw new XdpRequestException(400, "not_elf", "the uploaded file is not an ELF object (an XDP object is"
                    + " built with clang -target bpf); it starts with " + preview(bytes));
        }
        String sha = sha256(bytes);
        Path target = objects.resolve(sha + ".o");
        if (!Files.exists(target)) {
            Files.createDirectories(objects);
            Path tmp = Files.createTempFile(objects, sha, ".part");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        try (BpfObject obj = BpfObject.open(target)) {
            return new XdpObjectInfo(SHA_PREFIX + sha, sha, bytes.length, obj.programNames(),
                    obj.maps().stream().map(BpfMap::name).toList());
        } catch (BpfException e) {
            Files.deleteIfExists(target);
            throw new XdpRequestException(400, "bad_object", "libbpf cannot open the uploaded object: " + e.getMessage(), e);
        }
    }

    /** The file behind {@code builtin:count}, {@code sha256:<hex>} or a bare hex digest. */
    Path resolve(String reference) throws XdpRequestException {
        if (reference == null || reference.isBlank() || reference.equals(BuiltinCount.REFERENCE)) {
            return builtin();
        }
        String hex = reference.startsWith(SHA_PREFIX) ? reference.substring(SHA_PREFIX.length()) : reference;
        if (!HEX64.matcher(hex).matches()) {
            throw new XdpRequestException(400, "bad_request", "unknown XDP object reference '" + reference
                    + "': use builtin:count or the sha256:<hex> id an upload answered");
        }
        Path file = objects.resolve(hex + ".o");
        if (!Files.isRegularFile(file)) {
            throw new XdpRequestException(404, "unknown_object", "no uploaded XDP object " + SHA_PREFIX + hex
                    + " on this host; upload it first (POST the .o to /v1/xdp/objects)");
        }
        return file;
    }

    /** The builtin object, extracted once per content (a newer agent brings a newer object). */
    private synchronized Path builtin() throws XdpRequestException {
        String missing = BuiltinCount.missingReason();
        if (missing != null) throw new XdpRequestException(503, "unavailable", "builtin:count: " + missing);
        try (InputStream in = BuiltinCount.open()) {
            byte[] bytes = in.readAllBytes();
            Path file = builtinDir.resolve("labdeck_count-" + sha256(bytes).substring(0, 16) + ".bpf.o");
            if (!Files.exists(file)) {
                Files.createDirectories(builtinDir);
                Path tmp = Files.createTempFile(builtinDir, "labdeck_count", ".part");
                Files.write(tmp, bytes);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the builtin XDP object into " + builtinDir, e);
        }
    }

    private static boolean startsWithElfMagic(byte[] b) {
        for (int i = 0; i < ELF_MAGIC.length; i++) {
            if (b[i] != ELF_MAGIC[i]) return false;
        }
        return true;
    }

    private static String preview(byte[] b) {
        int n = Math.min(8, b.length);
        if (n == 0) return "nothing (empty body)";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append(String.format("%02x ", b[i]));
        return "bytes " + s.toString().trim();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
