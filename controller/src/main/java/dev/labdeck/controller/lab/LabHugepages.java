package dev.labdeck.controller.lab;

import dev.labdeck.controller.transport.CommandResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hugepages a lab reserves for DPDK processes that need them (secondary processes share their
 * primary's memory through hugepage files): {@code nr_hugepages} raised by the lab's count and a
 * hugetlbfs mount of its own, given back at {@code lab down}. The count is added to and taken
 * from what the machine has, so other users' pages (and other labs') stay as they were.
 *
 * <p>The count is written to the lab's directory before the kernel is asked, so a lab whose
 * build failed half-way, or whose state file is lost, still gives its pages back.
 */
final class LabHugepages {
    private static final Logger log = LoggerFactory.getLogger(LabHugepages.class);
    static final Path NR_HUGEPAGES = Path.of("/proc/sys/vm/nr_hugepages");
    private static final String RECORD = "hugepages";

    private final CommandRunner cmd;
    private final LabPaths paths;

    LabHugepages(CommandRunner cmd, LabPaths paths) {
        this.cmd = cmd;
        this.paths = paths;
    }

    /** Where the lab's hugetlbfs is mounted (DPDK finds hugetlbfs mounts by itself). */
    static Path mountPoint(String lab) {
        return Path.of("/run", "labdeck-" + lab + "-hugepages");
    }

    /**
     * The machine's count of (default-size) hugepages now. Read in one read: a sysctl file answers
     * a read at a later offset with end of file, and {@code Files.readString} reads a file the
     * kernel calls empty a byte at a time (it read "1" of "16").
     */
    static int systemCount() throws LabException {
        try (InputStream in = Files.newInputStream(NR_HUGEPAGES)) {
            byte[] buf = new byte[64];
            int n = in.read(buf);
            return Integer.parseInt(new String(buf, 0, Math.max(0, n), StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            throw new LabException("cannot read " + NR_HUGEPAGES + ": " + e.getMessage(), e);
        }
    }

    private static void setSystemCount(int n) throws LabException {
        try {
            Files.writeString(NR_HUGEPAGES, n + "\n");
        } catch (IOException e) {
            throw new LabException("cannot write " + n + " to " + NR_HUGEPAGES + ": " + e.getMessage(), e);
        }
    }

    /** Raises the machine's hugepages by {@code pages} and mounts the lab's hugetlbfs; all or nothing. */
    void reserve(String lab, int pages) throws LabException {
        Path record = paths.labDir(lab).resolve(RECORD);
        try {
            Files.writeString(record, Integer.toString(pages));
        } catch (IOException e) {
            throw new LabException("cannot write " + record + ": " + e.getMessage(), e);
        }
        int before = systemCount();
        int now = before;
        // the kernel may stop short (memory in use, fragmented, a busy machine): compact and ask again while it helps
        for (int attempt = 0; attempt < 5 && now < before + pages; attempt++) {
            int had = now;
            if (attempt > 0) {
                compactMemory();
            }
            setSystemCount(before + pages);
            now = systemCount();
            log.info("hugepages for lab {}: nr_hugepages {} → {} (asked {})", lab, had, now, before + pages);
        }
        if (now < before + pages) {
            release(lab);
            throw new LabException("the kernel gave " + Math.max(0, now - before) + " of the " + pages
                    + " hugepages asked for (nr_hugepages " + before + " → " + now + "): free some memory or ask for fewer");
        }
        Path mount = mountPoint(lab);
        try {
            Files.createDirectories(mount);
        } catch (IOException e) {
            release(lab);
            throw new LabException("cannot create " + mount + ": " + e.getMessage(), e);
        }
        CommandResult r = cmd.run(List.of("mount", "-t", "hugetlbfs", "nodev", mount.toString()));
        if (!r.ok()) {
            release(lab);
            throw new LabException("cannot mount hugetlbfs on " + mount + ": " + r.stderr().strip());
        }
    }

    private static void compactMemory() {
        try {
            Files.writeString(Path.of("/proc/sys/vm/compact_memory"), "1\n");
        } catch (IOException e) {
            log.debug("cannot compact memory: {}", e.getMessage());
        }
    }

    /** The lab's reserved count, or 0 when it reserved none (or gave them back). */
    int reserved(String lab) {
        Path record = paths.labDir(lab).resolve(RECORD);
        try {
            return Files.exists(record) ? Integer.parseInt(Files.readString(record).strip()) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** Unmounts the lab's hugetlbfs and gives its pages back; what it did, for {@code lab down}. */
    List<String> release(String lab) throws LabException {
        List<String> done = new ArrayList<>();
        Path mount = mountPoint(lab);
        if (mounted(mount)) {
            CommandResult r = cmd.run(List.of("umount", mount.toString()));
            if (!r.ok()) {
                throw new LabException("cannot unmount " + mount + ": " + r.stderr().strip()
                        + " (a DPDK process of the lab may still hold hugepage files there)");
            }
            done.add("hugetlbfs mount " + mount);
        }
        try {
            Files.deleteIfExists(mount);
        } catch (IOException e) {
            throw new LabException("cannot remove " + mount + ": " + e.getMessage(), e);
        }
        int pages = reserved(lab);
        if (pages > 0) {
            int now = systemCount();
            setSystemCount(Math.max(0, now - pages));
            done.add(pages + " hugepages (nr_hugepages " + now + " → " + systemCount() + ")");
        }
        try {
            Files.deleteIfExists(paths.labDir(lab).resolve(RECORD));
        } catch (IOException e) {
            throw new LabException("cannot remove the lab's hugepages record: " + e.getMessage(), e);
        }
        return done;
    }

    private static boolean mounted(Path mount) throws LabException {
        try {
            return Files.readAllLines(Path.of("/proc/mounts")).stream()
                    .anyMatch(l -> l.split(" ").length > 1 && l.split(" ")[1].equals(mount.toString()));
        } catch (IOException e) {
            throw new LabException("cannot read /proc/mounts: " + e.getMessage(), e);
        }
    }
}
