package dev.labdeck.agent.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labdeck.nativeio.bpf.BpfException;
import dev.labdeck.nativeio.bpf.BpfSupport;
import dev.labdeck.nativeio.bpf.Xdp;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes what dead agents left on this host: finds journals whose lock nobody holds, and for each
 * change still open detaches the XDP program (only the one the journal names, and only in this
 * network namespace), kills the processes tagged with the dead agent's tag, and removes its
 * files; then removes the dead agent's directory, token included. Directories of agents that
 * never started (a token and no journal, older than {@link #NEVER_STARTED_AGE}) go too.
 */
public final class LeftoverCleaner {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverCleaner.class);
    /** A launch directory without a journal this old is one whose agent never started. */
    static final Duration NEVER_STARTED_AGE = Duration.ofMinutes(2);
    private static final Duration KILL_WAIT = Duration.ofSeconds(3);

    /** What a cleanup removed and what it had to leave (each line for a person). */
    public record Report(List<String> removed, List<String> left) {
        public boolean isEmpty() {
            return removed.isEmpty() && left.isEmpty();
        }
    }

    private final String netns = NetworkNamespace.current();
    private final List<String> removed = new ArrayList<>();
    private final List<String> left = new ArrayList<>();

    private LeftoverCleaner() {}

    /**
     * Cleans the journals of dead agents in the directories under {@code root} (each agent start
     * has its own), except {@code own}.
     */
    public static Report cleanSiblings(Path root, Path own) {
        LeftoverCleaner c = new LeftoverCleaner();
        Path ownDir = own == null ? null : own.toAbsolutePath().normalize();
        if (Files.isDirectory(root)) {
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                    if (dir.toAbsolutePath().normalize().equals(ownDir)) continue;
                    c.cleanDirectory(dir.toAbsolutePath().normalize(), true);
                }
            } catch (IOException e) {
                LOG.warn("cannot look for leftovers in {}: {}", root, e.toString());
            }
        }
        return c.report();
    }

    /**
     * Cleans what an earlier agent that used the same state directory left, keeping the
     * directory (the new agent's token is already in it). Call before {@link ChangeJournal#open}.
     */
    public static Report cleanPrevious(Path stateDir) {
        LeftoverCleaner c = new LeftoverCleaner();
        c.cleanDirectory(stateDir.toAbsolutePath().normalize(), false);
        return c.report();
    }

    private Report report() {
        removed.forEach(r -> LOG.warn("removed {}", r));
        left.forEach(l -> LOG.warn("could not remove {}", l));
        return new Report(List.copyOf(removed), List.copyOf(left));
    }

    private void cleanDirectory(Path dir, boolean removeDirectory) {
        Path journalFile = dir.resolve(ChangeJournal.FILE);
        if (!Files.isRegularFile(journalFile)) {
            if (removeDirectory) cleanNeverStarted(dir);
            return;
        }
        try (FileChannel lockChannel = FileChannel.open(dir.resolve(ChangeJournal.LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                return; // held in this very process: alive
            }
            if (lock == null) return; // its agent is alive (maybe frozen): not ours to touch
            try (lock) {
                cleanJournal(dir, journalFile, removeDirectory);
            }
        } catch (NoSuchFileException e) {
            // removed meanwhile by another cleaner
        } catch (IOException e) {
            LOG.warn("cannot check the journal in {}: {}", dir, e.toString());
        }
    }

    private void cleanJournal(Path dir, Path journalFile, boolean removeDirectory) throws IOException {
        ChangeJournal.Owner owner = null;
        Map<String, Change> open = new LinkedHashMap<>();
        ObjectMapper json = ProtocolJson.mapper();
        for (String text : Files.readAllLines(journalFile, StandardCharsets.UTF_8)) {
            if (text.isBlank()) continue;
            ChangeJournal.Line line;
            try {
                line = json.readValue(text, ChangeJournal.Line.class);
            } catch (IOException e) {
                continue; // a line cut short by the kill
            }
            if (line.owner() != null) owner = line.owner();
            if (line.made() != null && line.change() != null) open.put(line.made(), line.change());
            if (line.undone() != null) open.remove(line.undone());
        }
        String of = owner == null ? "" : " left by agent pid " + owner.pid()
                + (owner.runId() == null ? "" : " (run " + owner.runId() + ")");
        Map<String, Change> kept = new LinkedHashMap<>();
        Set<String> tagsDone = new HashSet<>();
        // processes first (they may hold files), then XDP, then files; the agent's directory last
        List<Map.Entry<String, Change>> order = new ArrayList<>(open.entrySet());
        order.sort(Comparator.comparingInt(e -> switch (e.getValue()) {
            case Change.ServiceProcesses p -> 0;
            case Change.XdpProgram x -> 1;
            case Change.PromiscuousMode m -> 1;
            case Change.RuntimePath r -> r.path().equals(dir.toString()) ? 3 : 2;
        }));
        for (Map.Entry<String, Change> e : order) {
            boolean undone = switch (e.getValue()) {
                case Change.ServiceProcesses p -> tagsDone.contains(p.tag()) || killTagged(p, of, tagsDone);
                case Change.XdpProgram x -> detach(x, of);
                case Change.PromiscuousMode m -> promiscuousOff(m, of);
                case Change.RuntimePath r -> r.path().equals(dir.toString())
                        ? !removeDirectory || kept.isEmpty() && removeTree(dir, "runtime directory " + dir + of)
                        : removeTree(Path.of(r.path()), r.path() + of);
            };
            if (!undone) kept.put(e.getKey(), e.getValue());
        }
        if (removeDirectory && kept.isEmpty()) return; // the directory, journal and lock went with it
        if (removeDirectory) Files.deleteIfExists(dir.resolve("token")); // else it is the new agent's
        if (kept.isEmpty()) {
            Files.deleteIfExists(journalFile);
            return;
        }
        // what only an agent in another network namespace can remove stays recorded for it
        Path tmp = dir.resolve(ChangeJournal.FILE + ".tmp");
        StringBuilder text = new StringBuilder();
        if (owner != null) text.append(json.writeValueAsString(new ChangeJournal.Line(owner, null, null, null))).append('\n');
        for (Map.Entry<String, Change> e : kept.entrySet()) {
            text.append(json.writeValueAsString(new ChangeJournal.Line(null, e.getKey(), e.getValue(), null))).append('\n');
        }
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, journalFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private boolean promiscuousOff(Change.PromiscuousMode m, String of) {
        if (!netns.equals(m.netns()) && !NetworkNamespace.exists(m.netns())) {
            return true; // the interface went with its namespace
        }
        if (!netns.equals(m.netns())) {
            left.add(m.describe() + of + ": it is in another network namespace (net:" + m.netns()
                    + "); the cleanup of that host turns it off");
            return false;
        }
        if (!PromiscuousInterfaces.on(m.interfaceName()).orElse(false)) {
            return true; // gone, or off already
        }
        try {
            PromiscuousInterfaces.off(m.interfaceName());
            removed.add(m.describe() + of);
            return true;
        } catch (IOException e) {
            left.add(m.describe() + of + ": " + e.getMessage() + "; turn it off with: ip link set dev " + m.interfaceName() + " promisc off");
            return false;
        }
    }

    private boolean detach(Change.XdpProgram x, String of) {
        if (!netns.equals(x.netns()) && !NetworkNamespace.exists(x.netns())) {
            // a lab host whose namespace was removed: its interfaces and their programs went with it
            removed.add(x.describe() + of + ": gone with its network namespace (net:" + x.netns() + ")");
            return true;
        }
        if (!netns.equals(x.netns())) {
            left.add(x.describe() + of + ": it is in another network namespace (net:" + x.netns()
                    + "); the cleanup of that host removes it");
            return false;
        }
        if (BpfSupport.unavailableReason().isPresent()) {
            left.add(x.describe() + of + ": libbpf unavailable here (" + BpfSupport.unavailableReason().get()
                    + "); remove it with: ip link set dev " + x.interfaceName() + " xdp off");
            return false;
        }
        int ifindex;
        try {
            ifindex = Xdp.ifindex(x.interfaceName());
        } catch (BpfException | RuntimeException e) {
            return true; // the interface is gone, and the program with it
        }
        try {
            if (x.programId() <= 0) {
                if (Xdp.query(ifindex).attached()) {
                    left.add(x.describe() + of + ": the agent died while attaching; if the program on "
                            + x.interfaceName() + " is LabDeck's, remove it with: ip link set dev " + x.interfaceName() + " xdp off");
                }
                return true;
            }
            if (Xdp.detachProgram(ifindex, x.programId())) removed.add(x.describe() + of);
            return true;
        } catch (BpfException | RuntimeException e) {
            left.add(x.describe() + of + ": " + e.getMessage());
            return false;
        }
    }

    /** SIGKILL to every process whose environment carries the dead agent's tag; true once none is left. */
    private boolean killTagged(Change.ServiceProcesses p, String of, Set<String> tagsDone) {
        List<ProcessHandle> tagged = taggedProcesses(p.tag());
        if (tagged.isEmpty()) {
            tagsDone.add(p.tag());
            return true;
        }
        tagged.forEach(ProcessHandle::destroyForcibly);
        Instant deadline = Instant.now().plus(KILL_WAIT);
        while (tagged.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<Long> pids = tagged.stream().map(ProcessHandle::pid).toList();
        List<Long> alive = tagged.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        if (!alive.isEmpty()) {
            left.add("processes " + alive + " of the agent's services" + of + ": still alive after SIGKILL");
            return false;
        }
        tagsDone.add(p.tag());
        removed.add(pids.size() + " process" + (pids.size() == 1 ? "" : "es") + " " + pids + " of the agent's services" + of);
        return true;
    }

    /** Processes of this user whose environment holds {@code LABDECK_AGENT_TAG=tag}. */
    static List<ProcessHandle> taggedProcesses(String tag) {
        byte[] needle = (ChangeJournal.TAG_VARIABLE + "=" + tag).getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.toList()) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) continue;
                byte[] env;
                try {
                    env = Files.readAllBytes(proc.resolve("environ"));
                } catch (IOException | SecurityException e) {
                    continue; // another user's process, or gone
                }
                if (containsEntry(env, needle)) ProcessHandle.of(Long.parseLong(name)).ifPresent(out::add);
            }
        } catch (IOException e) {
            LOG.warn("cannot list /proc: {}", e.toString());
        }
        return out;
    }

    /** True when {@code env} (NUL-separated entries) has an entry equal to {@code entry}. */
    static boolean containsEntry(byte[] env, byte[] entry) {
        int start = 0;
        for (int i = 0; i <= env.length; i++) {
            if (i == env.length || env[i] == 0) {
                if (i - start == entry.length && java.util.Arrays.equals(env, start, i, entry, 0, entry.length)) return true;
                start = i + 1;
            }
        }
        return false;
    }

    private void cleanNeverStarted(Path dir) {
        Path token = dir.resolve("token");
        try {
            if (!Files.isRegularFile(token)) return;
            if (Files.getLastModifiedTime(token).toInstant().isAfter(Instant.now().minus(NEVER_STARTED_AGE))) return;
            Path pidFile = dir.resolve("agent.pid");
            if (Files.isRegularFile(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return;
            }
            removeTree(dir, "directory " + dir + " of an agent that never started (its token included)");
        } catch (IOException | NumberFormatException e) {
            LOG.debug("cannot check {}: {}", dir, e.toString());
        }
    }

    private boolean removeTree(Path path, String what) {
        if (!Files.exists(path)) return true;
        try {
            deleteTree(path);
            removed.add(what);
            return true;
        } catch (IOException e) {
            left.add(what + ": " + e.getMessage());
            return false;
        }
    }

    /** Removes {@code root} and everything under it; a missing tree is fine. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
