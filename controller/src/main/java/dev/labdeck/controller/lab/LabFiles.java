package dev.labdeck.controller.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The lab's files under {@code ~/.labdeck/labs/<name>/} ({@link LabPaths}): private directories,
 * the generated keys, {@code state.json} and the lab's lines in LabDeck's known_hosts.
 */
final class LabFiles {
    private final LabPaths paths;
    private final CommandRunner cmd;
    private final ObjectMapper json = ProtocolJson.mapper();

    LabFiles(LabPaths paths, CommandRunner cmd) {
        this.paths = paths;
        this.cmd = cmd;
    }

    LabPaths paths() {
        return paths;
    }

    /** The lab's directory, created 0700. */
    Path createLabDir(String lab) throws LabException {
        return createPrivateDirectory(paths.labDir(lab));
    }

    /** A host's directory in the lab's (sshd config, host key, pid file, log), created 0700. */
    Path createHostDir(String lab, String host) throws LabException {
        return createPrivateDirectory(paths.hostDir(lab, host));
    }

    boolean labDirExists(String lab) {
        return Files.exists(paths.labDir(lab));
    }

    /** Removes the lab's directory; false when there was none. */
    boolean deleteLabDir(String lab) throws LabException {
        Path dir = paths.labDir(lab);
        if (!Files.exists(dir)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new LabException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
        return true;
    }

    /**
     * A fresh key pair at {@code file} and {@code file.pub}, replacing any. ECDSA P-256 rather
     * than ed25519: the controller's SSH client (MINA SSHD) does ed25519 only with an extra crypto
     * provider, and every OpenSSH and JDK does P-256.
     */
    void generateKey(Path file, String comment) throws LabException {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(publicKey(file));
        } catch (IOException e) {
            throw new LabException("cannot replace " + file + ": " + e.getMessage(), e);
        }
        String keygen = LabPreconditions.find("ssh-keygen").map(Path::toString).orElse("ssh-keygen");
        cmd.check(List.of(keygen, "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", comment, "-f", file.toString()));
    }

    static Path publicKey(Path privateKey) {
        return Path.of(privateKey + ".pub");
    }

    /** The lab's recorded state, if it was built and not removed. */
    Optional<LabState> readState(String lab) throws LabException {
        Path f = paths.stateFile(lab);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(f.toFile(), LabState.class));
        } catch (IOException e) {
            throw new LabException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** Writes state.json through a temporary file and a rename, so a reader never sees half of it. */
    void writeState(LabState state) throws LabException {
        Path f = paths.stateFile(state.name());
        Path tmp = f.resolveSibling("state.json.tmp");
        try {
            json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), state);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LabException("cannot write " + f + ": " + e.getMessage(), e);
        }
    }

    void addKnownHosts(String lab, List<LabHost> hosts) throws LabException {
        try {
            new LabKnownHosts(paths.knownHosts()).add(lab, hosts);
        } catch (IOException e) {
            throw new LabException("cannot update " + paths.knownHosts() + ": " + e.getMessage(), e);
        }
    }

    /** Removes the lab's known_hosts lines; returns how many there were. */
    int removeKnownHosts(String lab) throws LabException {
        try {
            return new LabKnownHosts(paths.knownHosts()).remove(lab);
        } catch (IOException e) {
            throw new LabException("cannot update " + paths.knownHosts() + ": " + e.getMessage(), e);
        }
    }

    static void writePrivate(Path file, String text) throws LabException {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new LabException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static String read(Path file) throws LabException {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new LabException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The last lines of a log, joined for an error message; empty when there is none. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    static void createDirectory(Path dir) throws LabException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LabException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path createPrivateDirectory(Path dir) throws LabException {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            return dir;
        } catch (IOException e) {
            throw new LabException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }
}
