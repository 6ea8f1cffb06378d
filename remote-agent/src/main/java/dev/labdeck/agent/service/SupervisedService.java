package dev.labdeck.agent.service;

import dev.labdeck.protocol.ServiceStart;
import dev.labdeck.protocol.ServiceStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/** One started service: its process, its group, its log and where it is in its life. */
final class SupervisedService {
    static final String STARTING = "starting";
    static final String READY = "ready";
    static final String EXITED = "exited";
    static final String STOPPED = "stopped";
    static final String FAILED = "failed";

    private static final int TAIL_LINES = 5;

    final ServiceStart spec;
    final Process process;
    /** The process group to signal, or -1 when the service could not get its own. */
    final long processGroup;
    final Path workingDirectory;
    final Path logFile;
    /** The EAL file prefix as the profile names it (probes and metrics use it), or null. */
    final String dpdkFilePrefix;
    /** The prefix the process really runs with: this run's (see {@link DpdkArguments}), or null. */
    final String dpdkRunPrefix;
    /** A DPDK secondary process: it shares its primary's runtime directory and ports. */
    final boolean dpdkSecondary;
    private final Pattern logPattern;
    private final long startedAtMs;
    private final Deque<String> tail = new ArrayDeque<>();

    private String state = STARTING;
    private long readyAtMs;
    private long endedAtMs;
    private Integer exitCode;
    private String signal;
    private String reason;
    private boolean logMatched;
    private volatile boolean stopRequested;
    /** Set once the leader is gone and its group found empty: the group id may now be reused by others. */
    private volatile boolean groupReleased;
    private volatile Thread pump;
    /** What a line written to its stdin waits for in its output, and the line that matched it. */
    private Pattern awaited;
    private String awaitedLine;
    private final Object stdinLock = new Object();
    /** Interfaces this service's af_packet ports found out of promiscuous mode: put back so once it has exited. */
    volatile java.util.List<String> promiscuousToRestore = java.util.List.of();

    SupervisedService(ServiceStart spec, Process process, long processGroup, Path workingDirectory, Path logFile,
                      Pattern logPattern, long startedAtMs, String dpdkRunPrefix) {
        this.spec = spec;
        this.process = process;
        this.processGroup = processGroup;
        this.workingDirectory = workingDirectory;
        this.logFile = logFile;
        this.logPattern = logPattern;
        this.startedAtMs = startedAtMs;
        this.dpdkFilePrefix = DpdkArguments.filePrefix(spec.command());
        this.dpdkRunPrefix = dpdkFilePrefix == null ? null : dpdkRunPrefix;
        this.dpdkSecondary = DpdkArguments.secondary(spec.command());
    }

    String name() {
        return spec.name();
    }

    long pid() {
        return process.pid();
    }

    long startedAtMs() {
        return startedAtMs;
    }

    Path resolve(Path p) {
        return workingDirectory.resolve(p);
    }

    void pump(Thread t) {
        this.pump = t;
    }

    Thread pump() {
        return pump;
    }

    boolean groupReleased() {
        return groupReleased;
    }

    void releaseGroup() {
        groupReleased = true;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    void requestStop() {
        stopRequested = true;
    }

    synchronized void line(String line) {
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
        if (logPattern != null && !logMatched && logPattern.matcher(line).find()) {
            logMatched = true;
        }
        if (awaited != null && awaitedLine == null && awaited.matcher(line).find()) {
            awaitedLine = line;
            notifyAll(); // awaitOutput
        }
    }

    /** From now on, the first output line matching {@code p} is kept for {@link #awaitOutput}. */
    synchronized void expectOutput(Pattern p) {
        awaited = p;
        awaitedLine = null;
    }

    /** The line that matched {@link #expectOutput}'s pattern, waiting up to {@code ms}; null when none did. */
    synchronized String awaitOutput(long ms) {
        long deadline = System.nanoTime() + ms * 1_000_000;
        while (awaitedLine == null && endedAtMs == 0) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String matched = awaitedLine;
        awaited = null;
        return matched;
    }

    /** Writes a line to its stdin; false when its stdin is closed (it ended, or is being stopped). */
    boolean writeInput(String line) {
        synchronized (stdinLock) {
            try {
                OutputStream in = process.getOutputStream();
                in.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                in.flush();
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    synchronized boolean logLineMatched() {
        return logMatched;
    }

    synchronized String lastLine() {
        return tail.isEmpty() ? null : tail.getLast();
    }

    synchronized String state() {
        return state;
    }

    synchronized boolean active() {
        return state.equals(STARTING) || state.equals(READY);
    }

    /** starting → ready; false when the service left starting meanwhile. */
    synchronized boolean markReady(long nowMs) {
        if (!state.equals(STARTING)) {
            return false;
        }
        state = READY;
        readyAtMs = nowMs;
        return true;
    }

    /** starting → failed with a reason; false when it is no longer starting. */
    synchronized boolean markFailed(String why) {
        if (!state.equals(STARTING)) {
            return false;
        }
        state = FAILED;
        reason = why;
        return true;
    }

    /** Records the exit; returns the state before it. */
    synchronized String markExited(long nowMs, Integer code, String signalName) {
        String before = state;
        notifyAll(); // awaitEnded
        endedAtMs = nowMs;
        exitCode = code;
        signal = signalName;
        switch (before) {
            case STARTING -> {
                state = FAILED;
                reason = (code != null ? "exited with code " + code : "killed by signal " + signalName)
                        + " before ready" + (tail.isEmpty() ? "" : " (last output: " + tail.getLast() + ")");
            }
            case READY -> state = stopRequested ? STOPPED : EXITED;
            default -> {
                // already failed: keep the reason of the failure, not of the kill that followed
            }
        }
        return before;
    }

    /** Waits up to {@code ms} for the exit to be recorded (its code or signal); false when it was not. */
    synchronized boolean awaitEnded(long ms) {
        long deadline = System.nanoTime() + ms * 1_000_000;
        while (endedAtMs == 0) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    void closeStdin() {
        synchronized (stdinLock) {
            closeStdinNow();
        }
    }

    private void closeStdinNow() {
        try {
            OutputStream in = process.getOutputStream();
            in.close();
        } catch (IOException e) {
            // already closed by the process's exit
        }
    }

    synchronized ServiceStatus status() {
        return new ServiceStatus(spec.name(), dev.labdeck.protocol.ServiceState.of(state), process.pid(), exitCode, signal, startedAtMs, readyAtMs,
                endedAtMs, logFile.toString(), reason);
    }
}
