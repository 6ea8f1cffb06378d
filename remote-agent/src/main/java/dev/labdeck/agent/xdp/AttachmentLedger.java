package dev.labdeck.agent.xdp;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <state>/xdp/attachments.json}: what this agent has attached, rewritten on every change,
 * so an agent that died without detaching (kill -9, power loss) leaves a trace the next agent on
 * the host can check against the kernel and report.
 */
final class AttachmentLedger {
    private static final Logger LOG = LoggerFactory.getLogger(AttachmentLedger.class);

    /** One attachment as recorded; {@code programId} identifies it in the kernel. */
    record Entry(String id, String interfaceName, int ifindex, int programId, String program, String mode,
                 long agentPid, long attachedAtMs) {}

    private final Path file;

    AttachmentLedger(Path stateDir) {
        this.file = stateDir.resolve("xdp").resolve("attachments.json");
    }

    synchronized List<Entry> read() {
        if (!Files.isRegularFile(file)) return List.of();
        try {
            return ProtocolJson.mapper().readValue(file.toFile(), new TypeReference<List<Entry>>() {});
        } catch (IOException e) {
            LOG.warn("ignoring unreadable XDP ledger {}: {}", file, e.getMessage());
            return List.of();
        }
    }

    /** Replaces the ledger (written to a temp name, then renamed). */
    synchronized void write(List<Entry> entries) {
        try {
            Files.createDirectories(file.getParent());
            if (entries.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            ProtocolJson.mapper().writeValue(tmp.toFile(), new ArrayList<>(entries));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("cannot write the XDP ledger {}: {}", file, e.getMessage());
        }
    }
}
