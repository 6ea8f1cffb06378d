package dev.labdeck.controller.lab;

import dev.labdeck.controller.transport.CommandResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the system tools the lab is built with ({@code ip}, {@code ssh-keygen}, {@code sshd}) as
 * argument lists, never through a shell, so names and addresses are never re-parsed. Also what the
 * benchmark runs its short commands with.
 */
public final class CommandRunner {
    private static final Logger log = LoggerFactory.getLogger(CommandRunner.class);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /** Runs and returns whatever happened; only a failure to start or a timeout throws. */
    public CommandResult run(List<String> command) throws LabException {
        return run(command, DEFAULT_TIMEOUT);
    }

    public CommandResult run(List<String> command, Duration timeout) throws LabException {
        return run(command, timeout, Map.of());
    }

    /** Runs with {@code environment} added to this process's. */
    public CommandResult run(List<String> command, Duration timeout, Map<String, String> environment) throws LabException {
        log.debug("run {}", command);
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(environment);
            p = pb.start();
        } catch (IOException e) {
            throw new LabException("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        }
        // both pipes are drained while the process runs, so a chatty tool cannot block on a full pipe
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new LabException(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            CommandResult r = new CommandResult(p.exitValue(), out.get(), err.get());
            if (!r.ok()) {
                log.debug("{} exited {}: {}", command, r.exitCode(), r.stderr().strip());
            }
            return r;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running " + command.getFirst(), e);
        } catch (ExecutionException e) {
            throw new LabException("cannot read the output of " + command.getFirst() + ": " + e.getCause().getMessage(), e);
        }
    }

    /** Runs and insists on exit code 0; the error names the command and carries its stderr. */
    public String check(List<String> command) throws LabException {
        CommandResult r = run(command);
        if (!r.ok()) {
            String why = r.stderr().isBlank() ? r.stdout().strip() : r.stderr().strip();
            throw new LabException("'" + String.join(" ", command) + "' failed (exit " + r.exitCode() + "): " + why);
        }
        return r.stdout();
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
