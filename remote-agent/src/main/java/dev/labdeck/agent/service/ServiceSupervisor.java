package dev.labdeck.agent.service;

import dev.labdeck.agent.journal.Change;
import dev.labdeck.agent.journal.PromiscuousInterfaces;
import dev.labdeck.agent.journal.ChangeJournal;
import dev.labdeck.nativeio.CpuAffinity;
import dev.labdeck.nativeio.Libc;
import dev.labdeck.nativeio.NativeCallException;
import dev.labdeck.nativeio.ProcessSignals;
import dev.labdeck.nativeio.Signal;
import dev.labdeck.nativeio.dpdk.DpdkRuntime;
import dev.labdeck.nativeio.dpdk.DpdkTelemetry;
import dev.labdeck.nativeio.dpdk.DpdkTelemetryException;
import dev.labdeck.protocol.AgentLimits;
import dev.labdeck.protocol.AgentEvent;
import dev.labdeck.protocol.ReadinessProbe;
import dev.labdeck.protocol.ServiceOutput;
import dev.labdeck.protocol.ServiceInput;
import dev.labdeck.protocol.ServiceInputResult;
import dev.labdeck.protocol.ServiceStart;
import dev.labdeck.protocol.ServiceStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, watches and stops the run's services on this host.
 *
 * <p>Each service is exec'd through {@code setsid} (same pid, a new session and process group)
 * and {@code setpriv --pdeathsig} (it gets its stop signal when the agent dies, even by SIGKILL,
 * unless it may outlive the agent), from the agent's one launcher thread pinned to the service's
 * cores so the process is born pinned, with stdin a pipe kept open (DPDK's testpmd quits on EOF).
 * Every service carries the agent's tag in its environment and is journalled before it starts,
 * so whatever of it survives a killed agent is found and killed by the next cleanup. Output goes to a log file and, rate-limited, to
 * the event stream. {@link #start} returns once the process runs; readiness is then watched in
 * the background until the probe holds, the process exits or the start timeout passes.
 */
public final class ServiceSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceSupervisor.class);
    private static final long DEFAULT_START_TIMEOUT_MS = 30_000;
    private static final long DEFAULT_STOP_GRACE_MS = 5_000;
    private static final long KILL_WAIT_MS = 5_000;
    /** How long a stop waits for the exit to be recorded (the output pump gets up to 3 s to drain first). */
    private static final long EXIT_RECORD_WAIT_MS = 5_000;
    private static final long PROBE_INTERVAL_MS = 50;
    private static final int LOG_EVENTS_PER_SECOND = 20;

    private final Path logDirectory;
    private final Consumer<AgentEvent> events;
    private final Path setsid;
    private final Path setpriv;
    private final ChangeJournal journal;
    /** Makes this run's DPDK file prefixes its own (see {@link DpdkArguments}). */
    private final String runTag;
    private final Map<String, SupervisedService> services = new LinkedHashMap<>();
    /**
     * Services are started from this one thread, alive as long as the agent: the kernel sends the
     * parent-death signal when the <em>thread</em> that forked the child ends, not the process.
     */
    private final ExecutorService launcher = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("service-launcher").daemon().factory());

    /**
     * @param logDirectory where each service's log file goes
     * @param events       receives service.started, service.ready, service.failed, service.exited, service.log
     */
    public ServiceSupervisor(Path logDirectory, Consumer<AgentEvent> events) {
        // one agent per host and run, so its pid tells this run's processes from any other's
        this(logDirectory, events, "r" + Long.toString(ProcessHandle.current().pid(), 36));
    }

    /** @param runTag appended to every DPDK file prefix of the run's services, e.g. "r2f3k" */
    public ServiceSupervisor(Path logDirectory, Consumer<AgentEvent> events, String runTag) {
        this(logDirectory, events, runTag, null);
    }

    /** @param journal where each service is recorded before it starts (null: not recorded) */
    public ServiceSupervisor(Path logDirectory, Consumer<AgentEvent> events, String runTag, ChangeJournal journal) {
        this.logDirectory = logDirectory;
        this.events = events;
        this.runTag = runTag;
        this.journal = journal;
        this.setsid = Libc.unavailableReason() == null ? findOnPath("setsid", System.getenv("PATH")) : null;
        this.setpriv = findOnPath("setpriv", System.getenv("PATH"));
    }

    /** Null when services die with the agent whatever kills it, else why not. */
    public String parentDeathSignalMissing() {
        return setpriv == null ? "setpriv not found (util-linux): services the agent started outlive an agent killed by SIGKILL" : null;
    }

    /** Null when services get their own process group and pinned cores, else why not. */
    public String groupSupportMissing() {
        if (Libc.unavailableReason() != null) {
            return Libc.unavailableReason();
        }
        return setsid == null ? "setsid not found (util-linux)" : null;
    }

    /** Launches the service; readiness follows in the background (see {@link #status}). */
    public ServiceStatus start(ServiceStart request) throws ServiceStartException {
        validate(request);
        Path workDir = request.workingDirectory() == null || request.workingDirectory().isBlank()
                ? Path.of("").toAbsolutePath()
                : Path.of(request.workingDirectory()).toAbsolutePath().normalize();
        if (!Files.isDirectory(workDir)) {
            throw new ServiceStartException(ServiceStartException.Kind.INVALID,
                    "service " + request.name() + ": working directory " + workDir + " does not exist");
        }
        Map<String, String> env = request.environment() == null ? Map.of() : request.environment();
        String executable = request.command().getFirst();
        Path resolved = resolveExecutable(executable, workDir, env.getOrDefault("PATH", System.getenv("PATH")));
        if (resolved == null) {
            throw new ServiceStartException(ServiceStartException.Kind.LAUNCH_FAILED, "service " + request.name()
                    + ": command not found: " + executable + (executable.contains("/")
                    ? " (in working directory " + workDir + ")" : " (not on PATH)"));
        }
        List<Integer> cores = request.cores() == null ? List.of() : request.cores();
        checkCores(request.name(), cores);
        Pattern logPattern = request.readiness() instanceof ReadinessProbe.LogLine l ? Pattern.compile(l.pattern()) : null;

        synchronized (services) {
            SupervisedService existing = services.get(request.name());
            if (existing != null && existing.active()) {
                throw new ServiceStartException(ServiceStartException.Kind.CONFLICT,
                        "service " + request.name() + " is already " + existing.state() + " (pid " + existing.pid() + ")");
            }
            long startedAt = System.currentTimeMillis();
            Path logFile = logDirectory.resolve(request.name() + "-" + startedAt + ".log");
            List<String> argv = new ArrayList<>();
            if (setsid != null) {
                argv.add(setsid.toString());
            }
            if (setpriv != null && !request.outliveAgent()) {
                Signal deathSignal = request.stopSignal() == null || request.stopSignal().isBlank()
                        ? Signal.TERM : Signal.parse(request.stopSignal());
                argv.addAll(List.of(setpriv.toString(), "--pdeathsig", deathSignal.name(), "--"));
            }
            String profilePrefix = DpdkArguments.filePrefix(request.command());
            String runPrefix = profilePrefix == null ? null : dpdkRunPrefix(profilePrefix);
            argv.addAll(runPrefix == null ? request.command() : DpdkArguments.withFilePrefix(request.command(), runPrefix));
            ProcessBuilder pb = new ProcessBuilder(argv).directory(workDir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            String journalKey = journalKey(request.name(), startedAt);
            if (journal != null) {
                pb.environment().put(ChangeJournal.TAG_VARIABLE, journal.tag());
                journal.made(journalKey, new Change.ServiceProcesses(request.name(), journal.tag(), 0));
                if (runPrefix != null) {
                    journal.made(journalKey + "-dpdk", new Change.RuntimePath(DpdkRuntime.runtimeDirectory(runPrefix).toString()));
                }
            }
            // DPDK's af_packet port turns promiscuous mode on and leaves it on: what was off goes off again on exit
            List<String> promiscuousOff = DpdkArguments.afPacketInterfaces(request.command()).stream()
                    .filter(i -> PromiscuousInterfaces.on(i).equals(java.util.Optional.of(false))).distinct().toList();
            if (journal != null) {
                for (String i : promiscuousOff) {
                    journal.made(journalKey + "-promisc-" + i,
                            new Change.PromiscuousMode(i, PromiscuousInterfaces.currentNamespace(), request.name()));
                }
            }
            Writer logWriter;
            Process process;
            try {
                Files.createDirectories(logDirectory);
                logWriter = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ServiceStartException(ServiceStartException.Kind.LAUNCH_FAILED,
                        "service " + request.name() + ": cannot write log file " + logFile + ": " + e.getMessage(), e);
            }
            try {
                process = launch(pb, cores);
            } catch (IOException e) {
                closeQuietly(logWriter);
                if (journal != null) journal.undone(journalKey);
                throw new ServiceStartException(ServiceStartException.Kind.LAUNCH_FAILED,
                        "service " + request.name() + ": cannot start " + executable + ": " + e.getMessage(), e);
            }
            SupervisedService service = new SupervisedService(request, process, setsid != null ? process.pid() : -1,
                    workDir, logFile, logPattern, startedAt, runPrefix);
            service.promiscuousToRestore = promiscuousOff;
            services.put(request.name(), service);
            if (journal != null && service.processGroup > 0) {
                journal.made(journalKey, new Change.ServiceProcesses(request.name(), journal.tag(), service.processGroup));
            }
            log.info("service {} started: pid {}, cores {}, log {}{}", request.name(), process.pid(), cores, logFile,
                    runPrefix == null ? "" : ", DPDK file prefix " + runPrefix);
            Map<String, String> data = new LinkedHashMap<>();
            data.put("service", request.name());
            data.put("pid", Long.toString(process.pid()));
            data.put("cores", cores.toString());
            if (runPrefix != null) {
                data.put("dpdk_file_prefix", runPrefix);
            }
            publish("info", "service.started", "service " + request.name() + " started (pid " + process.pid() + ")"
                    + (runPrefix == null ? "" : " with DPDK file prefix " + runPrefix + " (" + profilePrefix + " of this run)"),
                    data);
            Thread pump = Thread.ofVirtual().name("service-" + request.name() + "-output")
                    .start(() -> pumpOutput(service, logWriter));
            service.pump(pump);
            process.onExit().thenRun(() -> onExit(service));
            Thread.ofVirtual().name("service-" + request.name() + "-readiness").start(() -> watchReadiness(service));
            return service.status();
        }
    }

    private static void validate(ServiceStart r) throws ServiceStartException {
        if (r.name() == null || !r.name().matches(AgentLimits.SERVICE_NAME_PATTERN)) {
            throw new ServiceStartException(ServiceStartException.Kind.INVALID,
                    "service name '" + r.name() + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (r.command() == null || r.command().isEmpty() || r.command().getFirst().isBlank()) {
            throw new ServiceStartException(ServiceStartException.Kind.INVALID, "service " + r.name() + ": empty command");
        }
        if (r.stopInput() != null && (r.stopInput().contains("\n") || r.stopInput().length() > AgentLimits.MAX_SERVICE_INPUT_LINE)) {
            throw new ServiceStartException(ServiceStartException.Kind.INVALID, "service " + r.name()
                    + ": stop input must be one line of at most " + AgentLimits.MAX_SERVICE_INPUT_LINE + " characters");
        }
        if (r.readiness() instanceof ReadinessProbe.LogLine l) {
            try {
                Pattern.compile(l.pattern());
            } catch (PatternSyntaxException e) {
                throw new ServiceStartException(ServiceStartException.Kind.INVALID,
                        "service " + r.name() + ": log_line pattern is not a regular expression: " + e.getDescription());
            }
        }
        if (r.stopSignal() != null && !r.stopSignal().isBlank()) {
            try {
                Signal.parse(r.stopSignal());
            } catch (IllegalArgumentException e) {
                throw new ServiceStartException(ServiceStartException.Kind.INVALID, "service " + r.name() + ": " + e.getMessage());
            }
        }
    }

    private void checkCores(String name, List<Integer> cores) throws ServiceStartException {
        if (cores.isEmpty()) {
            return;
        }
        if (Libc.unavailableReason() != null) {
            throw new ServiceStartException(ServiceStartException.Kind.INVALID,
                    "service " + name + ": cannot pin to cores " + cores + ": cpu affinity " + Libc.unavailableReason());
        }
        try {
            SortedSet<Integer> allowed = CpuAffinity.get(0);
            for (int c : cores) {
                if (!allowed.contains(c)) {
                    throw new ServiceStartException(ServiceStartException.Kind.INVALID, "service " + name
                            + ": core " + c + " is not available on this host (the agent may use cores " + allowed + ")");
                }
            }
        } catch (NativeCallException e) {
            throw new ServiceStartException(ServiceStartException.Kind.LAUNCH_FAILED,
                    "service " + name + ": " + e.getMessage(), e);
        }
    }

    private static String journalKey(String service, long startedAt) {
        return "service-" + service + "-" + startedAt;
    }

    /**
     * Starts the process from the launcher thread, pinned to {@code cores} for the moment of the
     * start (the child inherits the mask) and given back its own mask after.
     */
    private Process launch(ProcessBuilder pb, List<Integer> cores) throws IOException {
        CompletableFuture<Process> started = new CompletableFuture<>();
        launcher.execute(() -> {
            SortedSet<Integer> own = null;
            try {
                if (!cores.isEmpty()) {
                    own = CpuAffinity.get(0);
                    CpuAffinity.set(0, cores);
                }
                started.complete(pb.start());
            } catch (Throwable t) {
                started.completeExceptionally(t);
            } finally {
                if (own != null) {
                    try {
                        CpuAffinity.set(0, List.copyOf(own));
                    } catch (RuntimeException | NativeCallException e) {
                        log.warn("cannot give the service launcher its cores back: {}", e.toString());
                    }
                }
            }
        });
        try {
            return started.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException r -> throw r;
                default -> throw new IOException(e.getCause());
            }
        }
    }

    static Path resolveExecutable(String command, Path workDir, String pathVariable) {
        if (command.contains("/")) {
            Path p = workDir.resolve(command).normalize();
            return Files.isRegularFile(p) && Files.isExecutable(p) ? p : null;
        }
        return findOnPath(command, pathVariable);
    }

    private static Path findOnPath(String command, String pathVariable) {
        String path = (pathVariable == null ? "" : pathVariable) + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private void pumpOutput(SupervisedService service, Writer logWriter) {
        LogLineLimiter limiter = new LogLineLimiter(LOG_EVENTS_PER_SECOND);
        try (logWriter; BufferedReader r = new BufferedReader(
                new InputStreamReader(service.process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                logWriter.write(line);
                logWriter.write('\n');
                logWriter.flush();
                service.line(line);
                long held = limiter.admit(System.currentTimeMillis());
                if (held >= 0) {
                    Map<String, String> data = new LinkedHashMap<>();
                    data.put("service", service.name());
                    data.put("line", line);
                    if (held > 0) {
                        data.put("suppressed", Long.toString(held));
                    }
                    // the message is the bare line: the controller appends it to the service's log file
                    publish("info", "service.log", line, data);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            log.debug("output of service {} ended: {}", service.name(), e.getMessage());
        }
    }

    private void watchReadiness(SupervisedService service) {
        ReadinessProbe probe = service.spec.readiness();
        long timeout = service.spec.startTimeoutMs() > 0 ? service.spec.startTimeoutMs() : DEFAULT_START_TIMEOUT_MS;
        long deadline = service.startedAtMs() + timeout;
        while (service.state().equals(SupervisedService.STARTING)) {
            long now = System.currentTimeMillis();
            boolean ready;
            try {
                ready = probe == null || Probes.isReady(probe, service, now, this::dpdkRunPrefix);
            } catch (RuntimeException e) {
                log.debug("probe of {} failed: {}", service.name(), e.toString());
                ready = false;
            }
            // a probe may hold just as the process dies (a file left behind): trust only a live process
            if (ready && service.process.isAlive() && service.markReady(now)) {
                publish("info", "service.ready", "service " + service.name() + " ready after "
                                + (now - service.startedAtMs()) + " ms (" + Probes.describe(probe) + ")",
                        Map.of("service", service.name(), "pid", Long.toString(service.pid()),
                                "ready_after_ms", Long.toString(now - service.startedAtMs())));
                return;
            }
            if (now >= deadline) {
                String why = "not ready after " + formatMillis(timeout) + " (waited for " + Probes.describe(probe) + ")";
                if (service.markFailed(why)) {
                    publish("error", "service.failed", "service " + service.name() + ": " + why,
                            Map.of("service", service.name(), "reason", why));
                    terminate(service);
                }
                return;
            }
            try {
                Thread.sleep(PROBE_INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void onExit(SupervisedService service) {
        Thread pump = service.pump();
        if (pump != null) {
            try {
                // let the last lines reach the log (and the failure reason) before reporting the exit
                pump.join(Duration.ofSeconds(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int code = service.process.exitValue();
        // the JDK reports death by signal N as 128 + N
        Integer exitCode = code > 128 && code <= 128 + 64 ? null : code;
        String signal = exitCode == null ? signalName(code - 128) : null;
        long now = System.currentTimeMillis();
        String before = service.markExited(now, exitCode, signal);
        ServiceStatus st = service.status();
        String how = exitCode != null ? "exited with code " + exitCode : "killed by signal " + signal;
        boolean expected = service.stopRequested() || before.equals(SupervisedService.FAILED);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("service", service.name());
        data.put("pid", Long.toString(service.pid()));
        data.put("state", st.state().json());
        if (exitCode != null) {
            data.put("exit_code", exitCode.toString());
        } else {
            data.put("signal", signal);
        }
        if (st.reason() != null) {
            data.put("reason", st.reason());
        }
        publish(expected ? "info" : (before.equals(SupervisedService.STARTING) ? "error" : "warn"), "service.exited",
                "service " + service.name() + " " + how + (before.equals(SupervisedService.STARTING) ? " before ready" : ""),
                data);
        if (ProcessGroupAlive.of(service)) {
            // the leader is gone: what is left of its group are orphans of the service, and no
            // child may outlive it (signalled now, while the group id still names only them)
            log.info("service {} exited leaving processes in its group {}: killing them", service.name(), service.processGroup);
            send(service, Signal.KILL);
            waitGone(service, KILL_WAIT_MS);
        }
        removeDpdkRuntimeDirectory(service);
        restorePromiscuousMode(service);
        if (journal != null && !ProcessGroupAlive.of(service)) {
            journal.undone(journalKey(service.name(), service.startedAtMs()));
            if (service.dpdkRunPrefix != null && !Files.exists(DpdkRuntime.runtimeDirectory(service.dpdkRunPrefix))) {
                journal.undone(journalKey(service.name(), service.startedAtMs()) + "-dpdk");
            }
        }
    }

    /** Interfaces the service's af_packet ports put into promiscuous mode go out of it, as they were before. */
    private void restorePromiscuousMode(SupervisedService service) {
        // once: on its exit, or before a stop returns (the agent may be gone before the exit is seen)
        List<String> toRestore;
        synchronized (service) {
            toRestore = service.promiscuousToRestore;
            service.promiscuousToRestore = List.of();
        }
        for (String i : toRestore) {
            String key = journalKey(service.name(), service.startedAtMs()) + "-promisc-" + i;
            if (!PromiscuousInterfaces.on(i).orElse(false)) {
                if (journal != null) journal.undone(key);
                continue;
            }
            try {
                PromiscuousInterfaces.off(i);
                if (journal != null) journal.undone(key);
                log.info("service {}: {} out of promiscuous mode again, as before the service", service.name(), i);
                publish("info", "service.promiscuous_off", "service " + service.name() + ": " + i
                        + " out of promiscuous mode again (its af_packet port had turned it on)",
                        Map.of("service", service.name(), "interface", i));
            } catch (IOException e) {
                publish("warn", "service.promiscuous_left", "service " + service.name() + ": " + i
                        + " left in promiscuous mode: " + e.getMessage() + " (ip link set dev " + i + " promisc off)",
                        Map.of("service", service.name(), "interface", i));
            }
        }
    }

    /** Signals a process dies of by itself (a crash), besides those LabDeck sends: by their Linux numbers. */
    private static final Map<Integer, String> DEATH_SIGNALS = Map.of(4, "ILL", 5, "TRAP", 6, "ABRT", 7, "BUS", 8, "FPE",
            11, "SEGV", 13, "PIPE", 14, "ALRM", 31, "SYS");

    /** A signal's name without SIG (SEGV, TERM), or SIG<n> for one without a name here. */
    static String signalName(int number) {
        return DEATH_SIGNALS.getOrDefault(number, Signal.nameOf(number));
    }

    /** The file prefix a DPDK process the profile calls {@code profilePrefix} runs with in this run. */
    public String dpdkRunPrefix(String profilePrefix) {
        return DpdkArguments.runPrefix(profilePrefix, runTag);
    }

    /** The run's DPDK primaries still running, for their port counters: name, profile and run prefix. */
    List<SupervisedService> dpdkPrimaries() {
        synchronized (services) {
            return services.values().stream()
                    .filter(s -> s.dpdkRunPrefix != null && !s.dpdkSecondary && s.process.isAlive())
                    .toList();
        }
    }

    public List<ServiceStatus> list() {
        synchronized (services) {
            return services.values().stream().map(SupervisedService::status).toList();
        }
    }

    /**
     * A file a service wrote, relative to its working directory (or absolute), to hand over whole.
     *
     * @throws NoSuchElementException no such service
     * @throws IOException            no such file (the message names it)
     */
    public Path file(String name, String file) throws IOException {
        SupervisedService s;
        synchronized (services) {
            s = services.get(name);
        }
        if (s == null) {
            throw new NoSuchElementException("no service " + name);
        }
        if (file == null || file.isBlank()) {
            throw new IOException("service " + name + ": which file? (a path relative to its working directory)");
        }
        Path source = s.resolve(Path.of(file)).normalize();
        if (!Files.isRegularFile(source)) {
            throw new IOException("service " + name + ": " + source + (Files.exists(source) ? " is not a file" : " does not exist")
                    + " (working directory " + s.workingDirectory + ")");
        }
        return source;
    }

    /**
     * What a service wrote: its output (its log file) or a file relative to its working directory,
     * the last {@link AgentLimits#MAX_SERVICE_OUTPUT_BYTES} of it when longer.
     *
     * @throws NoSuchElementException no such service
     * @throws IOException            the file cannot be read (the message names it)
     */
    public ServiceOutput output(String name, String file) throws IOException {
        SupervisedService s;
        synchronized (services) {
            s = services.get(name);
        }
        if (s == null) {
            throw new NoSuchElementException("no service " + name);
        }
        Path source = file == null || file.isBlank() ? s.logFile : s.resolve(Path.of(file)).normalize();
        if (!Files.isRegularFile(source)) {
            throw new IOException("service " + name + ": " + source + (Files.exists(source) ? " is not a file" : " does not exist")
                    + (file == null || file.isBlank() ? "" : " (working directory " + s.workingDirectory + ")"));
        }
        try (FileChannel ch = FileChannel.open(source)) {
            long size = ch.size();
            long from = Math.max(0, size - AgentLimits.MAX_SERVICE_OUTPUT_BYTES);
            ByteBuffer buf = ByteBuffer.allocate((int) (size - from));
            while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
                // read on to the size seen at open
            }
            return new ServiceOutput(name, source.toString(), new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8),
                    size, from > 0);
        }
    }

    /**
     * Writes a line to a running service's stdin and, when asked, waits for the output line that
     * says it took effect.
     *
     * @throws NoSuchElementException no such service
     * @throws IllegalStateException  it is not running, or its stdin is closed
     */
    public ServiceInputResult input(String name, ServiceInput input) {
        SupervisedService s;
        synchronized (services) {
            s = services.get(name);
        }
        if (s == null) {
            throw new NoSuchElementException("no service " + name);
        }
        if (!s.process.isAlive() || s.stopRequested()) {
            throw new IllegalStateException("service " + name + " is not running (" + s.state() + ")");
        }
        Pattern await = input.awaitOutput() == null || input.awaitOutput().isBlank() ? null
                : Pattern.compile(input.awaitOutput());
        if (await != null) {
            s.expectOutput(await);
        }
        long t0 = System.nanoTime();
        if (!s.writeInput(input.line())) {
            throw new IllegalStateException("service " + name + ": its stdin is closed");
        }
        log.info("service {}: wrote '{}' to its stdin", name, input.line());
        String matched = null;
        if (await != null) {
            long wait = Math.clamp(input.timeoutMs(), 0, AgentLimits.MAX_SERVICE_INPUT_WAIT_MS);
            matched = s.awaitOutput(wait);
        }
        return new ServiceInputResult(name, matched, (System.nanoTime() - t0) / 1_000_000);
    }

    public Optional<ServiceStatus> status(String name) {
        synchronized (services) {
            SupervisedService s = services.get(name);
            return s == null ? Optional.empty() : Optional.of(s.status());
        }
    }

    /**
     * Stops one service: its stop signal to the group, the grace period, then SIGKILL to the
     * group; returns once no process of the group is left (or KILL had no effect for 5 s).
     */
    public ServiceStatus stop(String name) {
        SupervisedService s;
        synchronized (services) {
            s = services.get(name);
        }
        if (s == null) {
            throw new NoSuchElementException("no service " + name);
        }
        s.requestStop();
        terminate(s);
        // the answer says how it ended (a crash on the stop signal, say): wait for the exit to be recorded
        if (!s.process.isAlive() && !s.awaitEnded(EXIT_RECORD_WAIT_MS)) {
            log.info("service {}: its exit was not recorded within {} ms", name, EXIT_RECORD_WAIT_MS);
        }
        return s.status();
    }

    /** Stops every service, the last started first. Never throws. */
    public void stopAll(String reason) {
        List<SupervisedService> all;
        synchronized (services) {
            all = new ArrayList<>(services.values());
        }
        for (SupervisedService s : all.reversed()) {
            if (s.process.isAlive() || ProcessGroupAlive.of(s)) {
                log.info("stopping service {} ({})", s.name(), reason);
                s.requestStop();
                try {
                    terminate(s);
                } catch (RuntimeException e) {
                    log.warn("stopping service {} failed", s.name(), e);
                }
            }
        }
    }

    private void terminate(SupervisedService s) {
        Signal stopSignal = s.spec.stopSignal() == null || s.spec.stopSignal().isBlank()
                ? Signal.TERM : Signal.parse(s.spec.stopSignal());
        long grace = s.spec.stopGraceMs() > 0 ? s.spec.stopGraceMs() : DEFAULT_STOP_GRACE_MS;
        String quit = s.spec.stopInput();
        if (quit != null && !quit.isBlank() && s.process.isAlive()) {
            // its own clean stop first (testpmd's quit stops forwarding, then its ports): the signal only when that fails
            if (s.writeInput(quit)) {
                log.info("service {}: wrote '{}' to its stdin to stop it", s.name(), quit);
                if (waitGone(s, grace)) {
                    s.closeStdin();
                    removeDpdkRuntimeDirectory(s);
                    restorePromiscuousMode(s);
                    return;
                }
                log.info("service {} still running {} ms after '{}': sending {}", s.name(), grace, quit, stopSignal);
            }
        }
        if (s.process.isAlive() || ProcessGroupAlive.of(s)) {
            send(s, stopSignal);
            if (!waitGone(s, grace)) {
                log.info("service {} still running {} ms after {}: killing its process group", s.name(), grace, stopSignal);
                send(s, Signal.KILL);
                if (!waitGone(s, KILL_WAIT_MS)) {
                    publish("error", "service.stop_failed", "service " + s.name()
                            + ": processes left after SIGKILL (process group " + s.processGroup + ")",
                            Map.of("service", s.name()));
                }
            }
        }
        s.closeStdin();
        try {
            s.process.onExit().get(KILL_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("service {} did not exit", s.name());
        }
        removeDpdkRuntimeDirectory(s);
        restorePromiscuousMode(s);
    }

    private static void send(SupervisedService s, Signal signal) {
        try {
            boolean sent = false;
            if (s.processGroup > 0 && !s.groupReleased()) {
                sent = ProcessSignals.signalGroup(s.processGroup, signal);
            }
            if (!sent && s.process.isAlive()) {
                // no group of its own (yet): setsid may not have run, or there is no setsid on this host
                if (Libc.unavailableReason() == null) {
                    ProcessSignals.signalProcess(s.pid(), signal);
                } else if (signal == Signal.KILL) {
                    s.process.descendants().forEach(ProcessHandle::destroyForcibly);
                    s.process.destroyForcibly();
                } else {
                    s.process.descendants().forEach(ProcessHandle::destroy);
                    s.process.destroy();
                }
            }
        } catch (NativeCallException e) {
            log.warn("signal {} to service {} failed: {}", signal, s.name(), e.getMessage());
        }
    }

    private static boolean waitGone(SupervisedService s, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (s.process.isAlive() || ProcessGroupAlive.of(s)) {
            if (System.currentTimeMillis() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * A primary on hugepages leaves its hugepage files ({@code <prefix>map_<n>}) in the hugetlbfs
     * mounts, holding the pages, so secondaries could attach later; the run's own go with its
     * runtime directory, once nobody uses that.
     */
    private static void removeHugepageFiles(SupervisedService s) {
        List<Path> mounts;
        try {
            mounts = Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(l -> l.split(" "))
                    .filter(f -> f.length > 2 && f[2].equals("hugetlbfs")).map(f -> Path.of(f[1])).toList();
        } catch (IOException e) {
            return;
        }
        String prefix = s.dpdkRunPrefix + "map_";
        for (Path mount : mounts) {
            try (Stream<Path> files = Files.list(mount)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                    Files.deleteIfExists(f);
                    log.info("removed hugepage file {} of service {}", f, s.name());
                }
            } catch (IOException e) {
                log.warn("could not remove the hugepage files of {} in {}: {}", s.dpdkRunPrefix, mount, e.getMessage());
            }
        }
    }

    /**
     * DPDK leaves its runtime directory behind when it exits; the run's own go once no process
     * uses them (a telemetry socket that still answers means someone does).
     */
    private static void removeDpdkRuntimeDirectory(SupervisedService s) {
        if (s.dpdkRunPrefix == null || Libc.unavailableReason() != null) {
            return;
        }
        Path dir = DpdkRuntime.runtimeDirectory(s.dpdkRunPrefix);
        if (!Files.isDirectory(dir)) {
            return;
        }
        var proc = DpdkRuntime.find(s.dpdkRunPrefix);
        if (proc.isPresent()) {
            try (DpdkTelemetry t = DpdkTelemetry.connect(proc.get())) {
                log.info("DPDK runtime directory {} still in use by pid {}; left in place", dir, t.pid());
                return;
            } catch (DpdkTelemetryException gone) {
                // refused: nobody serves it any more
            }
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            log.info("removed DPDK runtime directory {} of service {}", dir, s.name());
            removeHugepageFiles(s);
        } catch (IOException e) {
            log.warn("could not remove DPDK runtime directory {}: {}", dir, e.getMessage());
        }
    }

    private void publish(String level, String kind, String message, Map<String, String> data) {
        try {
            events.accept(new AgentEvent(System.currentTimeMillis(), dev.labdeck.protocol.EventLevel.of(level), kind, message, data));
        } catch (RuntimeException e) {
            log.warn("event listener failed", e);
        }
    }

    private static String formatMillis(long ms) {
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    private static void closeQuietly(Writer w) {
        try {
            w.close();
        } catch (IOException e) {
            // nothing was written yet
        }
    }

    @Override
    public void close() {
        stopAll("supervisor closed");
        launcher.shutdown();
    }

    /**
     * Whether a service's process group still has members (false when it has no group of its own).
     * Once the leader has exited and the group is found empty, the group id is released for good:
     * the kernel may hand that number to another process later, which must never be signalled.
     */
    private static final class ProcessGroupAlive {
        static boolean of(SupervisedService s) {
            if (s.processGroup <= 0 || s.groupReleased()) {
                return false;
            }
            try {
                boolean alive = ProcessSignals.groupAlive(s.processGroup);
                if (!alive && !s.process.isAlive()) {
                    s.releaseGroup();
                }
                return alive;
            } catch (NativeCallException e) {
                return false;
            }
        }
    }
}
