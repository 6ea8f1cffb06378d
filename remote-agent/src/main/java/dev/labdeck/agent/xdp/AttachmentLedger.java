package dev.labdeck.agent.xdp;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What LabDeck agents attached in one network namespace, each entry with the pid of the agent
 * that holds it: so an agent that died without detaching (kill -9, power loss) leaves a trace the
 * next agent in that namespace checks against the kernel and reports.
 *
 * <p>It lives outside the agent's per-run state directory, in {@code ~/.labdeck/xdp/}, one file
 * per network namespace (the lab-in-a-box's hosts share one file system). Agents running at the
 * same time share the file; every change happens under a file lock.
 */
final class AttachmentLedger {
    private static final Logger LOG = LoggerFactory.getLogger(AttachmentLedger.class);

    /** One attachment as recorded; {@code programId} identifies it in the kernel. */
    record Entry(String id, String interfaceName, int ifindex, int programId, String program, String mode,
                 long agentPid, long attachedAtMs) {}

    private final Path file;

    AttachmentLedger(Path file) {
        this.file = file;
    }

    /** {@code ~/.labdeck/xdp/attachments-<netns inode>.json} for this process's network namespace. */
    static Path defaultFile() {
        String netns = "default";
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString(); // net:[4026531840]
            netns = link.replaceAll("[^0-9]", "");
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("network namespace unknown: {}", e.getMessage());
        }
        return Path.of(System.getProperty("user.home"), ".labdeck", "xdp", "attachments-net" + netns + ".json");
    }

    Path file() {
        return file;
    }

    List<Entry> read() {
        try {
            return locked(entries -> entries);
        } catch (IOException e) {
            LOG.warn("cannot read the XDP ledger {}: {}", file, e.getMessage());
            return List.of();
        }
    }

    /** Replaces the entries of agent {@code pid} with {@code mine}, keeping everyone else's. */
    void replace(long pid, List<Entry> mine) {
        update(entries -> {
            List<Entry> out = new ArrayList<>(entries.stream().filter(e -> e.agentPid() != pid).toList());
            out.addAll(mine);
            return out;
        });
    }

    /** Applies {@code change} to the entries under the lock. */
    void update(UnaryOperator<List<Entry>> change) {
        try {
            locked(change);
        } catch (IOException e) {
            LOG.warn("cannot write the XDP ledger {}: {}", file, e.getMessage());
        }
    }

    private synchronized List<Entry> locked(UnaryOperator<List<Entry>> change) throws IOException {
        Files.createDirectories(file.getParent());
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            List<Entry> entries = List.of();
            if (Files.isRegularFile(file)) {
                try {
                    entries = ProtocolJson.mapper().readValue(file.toFile(), new TypeReference<List<Entry>>() {});
                } catch (IOException e) {
                    LOG.warn("ignoring unreadable XDP ledger {}: {}", file, e.getMessage());
                }
            }
            List<Entry> changed = change.apply(entries);
            if (changed != entries) {
                if (changed.isEmpty()) {
                    Files.deleteIfExists(file);
                } else {
                    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                    ProtocolJson.mapper().writeValue(tmp.toFile(), new ArrayList<>(changed));
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return changed;
        }
    }
}
