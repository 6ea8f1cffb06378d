package dev.labdeck.controller.cli;

import dev.labdeck.testkit.Prerequisites;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import picocli.CommandLine;

/**
 * {@code labdeck ARGS} as a user types it, run in the test's JVM through the CLI's own command
 * line, with what it prints kept: {@code @RegisterExtension final LabdeckTerminal terminal = new
 * LabdeckTerminal();} then {@code terminal.labdeck("run", ...)}. For each test it points
 * {@code labdeck.home} at this checkout, as the launcher does (the local transport finds the agent
 * jar below it), and puts the old value back after.
 */
public final class LabdeckTerminal implements BeforeEachCallback, AfterEachCallback {
    private static final String HOME = "labdeck.home";

    /** One command's exit code and what it printed on stdout and stderr. */
    public record Printed(int exit, String out, String err) {
        /** Both, for an assertion's message. */
        @Override
        public String toString() {
            return out + "\n" + err;
        }
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private String savedHome;

    @Override
    public void beforeEach(ExtensionContext context) {
        savedHome = System.getProperty(HOME);
        System.setProperty(HOME, Prerequisites.repoRoot().toString());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (savedHome == null) System.clearProperty(HOME);
        else System.setProperty(HOME, savedHome);
    }

    /** Runs {@code labdeck args} to its end: its exit code and what this command printed. */
    public Printed labdeck(String... args) {
        return execute(LabDeckCli.commandLine(), out, err, args);
    }

    /**
     * {@code labdeck args} once, without the extension: for commands that need no agent jar
     * ({@code validate}, {@code compare}, {@code --help}); {@code labdeck.home} is left as it is.
     */
    public static Printed run(String... args) {
        return run(LabDeckCli.commandLine(), args);
    }

    /** {@code args} once on a command line the test has extended (e.g. with a subcommand that fails on purpose). */
    public static Printed run(CommandLine commandLine, String... args) {
        return execute(commandLine, new StringWriter(), new StringWriter(), args);
    }

    /**
     * {@code labdeck args} as its own JVM on this test's class path, as the launcher starts it
     * ({@code labdeck.home} this checkout), stdout and stderr into {@code output}, stdin closed.
     *
     * @param userHome the user's home for the command ({@code user.home}); null for this user's
     */
    public static Process start(Path output, Path userHome, List<String> args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> argv = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        if (userHome != null) argv.add("-Duser.home=" + userHome);
        argv.addAll(List.of("-D" + HOME + "=" + Prerequisites.repoRoot(), LabDeckCli.class.getName()));
        argv.addAll(args);
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        p.getOutputStream().close();
        return p;
    }

    private static Printed execute(CommandLine commandLine, StringWriter out, StringWriter err, String... args) {
        int outFrom = out.getBuffer().length();
        int errFrom = err.getBuffer().length();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Printed(exit, out.getBuffer().substring(outFrom), err.getBuffer().substring(errFrom));
    }

    /** Everything the test's commands printed on stdout so far, also while one still runs. */
    public String out() {
        return out.toString();
    }

    /** Everything printed on stderr so far. */
    public String err() {
        return err.toString();
    }

    /** Both, for an assertion's message. */
    public String printed() {
        return out() + "\n" + err();
    }
}
