package dev.labdeck.controller.lab;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One machine-wide lock around building and removing labs. The range check and the creation must
 * be one step, or two labs started at the same moment (two test runs, two terminals) could both
 * find a range free and both take it; namespaces and the bridge are machine-wide, so the lock is
 * too (a file lock between processes, a plain lock between threads of this one).
 */
final class LabLock implements AutoCloseable {
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();
    // a fixed path, not java.io.tmpdir: every JVM on the machine (CLI, GUI, test forks) must agree on it
    private static final Path FILE = Path.of("/tmp", "labdeck-lab.lock");

    private final FileChannel channel;
    private final FileLock lock;

    private LabLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static LabLock acquire() throws LabException {
        IN_PROCESS.lock();
        if (IN_PROCESS.getHoldCount() > 1) {
            return new LabLock(null, null);
        }
        try {
            FileChannel ch = FileChannel.open(FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new LabLock(ch, ch.lock());
        } catch (IOException e) {
            IN_PROCESS.unlock();
            throw new LabException("cannot take the lab lock " + FILE + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing the channel releases the lock anyway
        } finally {
            IN_PROCESS.unlock();
        }
    }
}
