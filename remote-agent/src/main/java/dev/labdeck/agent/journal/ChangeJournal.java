package dev.labdeck.agent.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's journal: {@code journal.jsonl} in its state directory, one JSON line per step,
 * forced to disk <em>before</em> the change it announces is made, so a kill at any moment leaves
 * a record of everything that may be on the host. While the agent lives it holds a lock on
 * {@code journal.lock}; the kernel drops that lock when the process dies, which is how a cleaner
 * tells a dead agent's journal from a live one (a frozen agent still holds it).
 *
 * <p>Lines: {@code {"owner":{...}}} first, then {@code {"made":KEY,"change":{...}}} before each
 * change (again with the same key when more becomes known) and {@code {"undone":KEY}} once it is
 * undone.
 */
public final class ChangeJournal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeJournal.class);
    public static final String FILE = "journal.jsonl";
    public static final String LOCK = "journal.lock";
    /** Environment variable every service of the agent carries, with the agent's tag as value. */
    public static final String TAG_VARIABLE = "LABDECK_AGENT_TAG";

    /** Who wrote a journal: the agent process, its run, its network namespace and the tag of its services. */
    public record Owner(long pid, long startedAtMs, String runId, String netns, String tag) {}

    /** One line of the journal file. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Line(Owner owner, String made, Change change, String undone) {}

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final FileChannel out;
    private final Owner owner;
    private final Map<String, Change> open = new LinkedHashMap<>();
    private boolean closed;

    private ChangeJournal(Path directory, FileChannel lockChannel, FileLock lock, FileChannel out, Owner owner) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.out = out;
        this.owner = owner;
    }

    /**
     * Takes the lock of {@code stateDir} and starts a fresh journal there, recording the directory
     * itself as the first change. A journal an earlier agent left in the same directory must have
     * been cleaned before (see {@link LeftoverCleaner#cleanPrevious}); it is replaced.
     */
    public static ChangeJournal open(Path stateDir, String runId) throws IOException {
        Path dir = stateDir.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("another agent is running with state directory " + dir + " (it holds " + LOCK + ")");
        }
        FileChannel out = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        ProcessHandle self = ProcessHandle.current();
        Owner owner = new Owner(self.pid(), System.currentTimeMillis(), runId, NetworkNamespace.current(), newTag(self.pid()));
        ChangeJournal journal = new ChangeJournal(dir, lockChannel, lock, out, owner);
        journal.append(new Line(owner, null, null, null));
        journal.made("runtime-directory", new Change.RuntimePath(dir.toString()));
        return journal;
    }

    private static String newTag(long pid) {
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        return pid + "-" + HexFormat.of().formatHex(b);
    }

    public Owner owner() {
        return owner;
    }

    public Path directory() {
        return directory;
    }

    /** The value of {@link #TAG_VARIABLE} for the agent's services. */
    public String tag() {
        return owner.tag();
    }

    /**
     * Records {@code change} under {@code key}, on disk, before the caller makes it. Recording the
     * same key again replaces what is known of it (e.g. the program id once attached).
     */
    public synchronized void made(String key, Change change) {
        if (closed) return;
        open.put(key, change);
        append(new Line(null, key, change, null));
    }

    /** Records that {@code key} was undone. */
    public synchronized void undone(String key) {
        if (closed || open.remove(key) == null) return;
        append(new Line(null, null, null, key));
    }

    /** What is recorded and not undone, in the order it was made. */
    public synchronized Map<String, Change> open() {
        return Map.copyOf(open);
    }

    private void append(Line line) {
        try {
            byte[] bytes = (ProtocolJson.mapper().writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) out.write(buf);
            out.force(false);
        } catch (IOException e) {
            // the change still happens: refusing it would fail the run for a journal, which only serves a later cleanup
            LOG.warn("cannot write the journal {}: {}", directory.resolve(FILE), e.toString());
        }
    }

    /**
     * Ends the journal: the lock goes, and with {@code removeDirectory} the whole state directory
     * too (the dead-man switch: nobody will collect anything from it). Otherwise the journal stays,
     * its lock free, so whoever collects the directory's logs or a later cleaner removes it.
     */
    public synchronized void close(boolean removeDirectory) {
        if (closed) return;
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            LOG.debug("closing the journal: {}", e.toString());
        }
        if (removeDirectory) {
            try {
                LeftoverCleaner.deleteTree(directory);
            } catch (IOException e) {
                LOG.warn("cannot remove the agent's directory {}: {}", directory, e.toString());
            }
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.debug("releasing the journal lock: {}", e.toString());
        }
    }

    @Override
    public void close() {
        close(false);
    }
}
