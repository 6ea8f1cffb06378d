package dev.labdeck.controller.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code labdeck}: the command line. Exit codes: 0 ok, 1 a threshold failed, 2 bad input, 3 the run failed, 130 a run aborted. */
@Command(name = "labdeck", mixinStandardHelpOptions = true, versionProvider = LabDeckCli.Version.class,
        description = "Lab controller for network performance tests.",
        subcommands = {CommandLine.HelpCommand.class, ValidateCommand.class, RunCommand.class, LabCommand.class,
                DemoCommand.class, CleanCommand.class, CompareCommand.class, BenchCommand.class})
public final class LabDeckCli implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_THRESHOLD_FAILED = 1;
    public static final int EXIT_INVALID_INPUT = 2;
    public static final int EXIT_RUN_FAILED = 3;
    /** The run was aborted (Ctrl-C) and torn down: 128 + SIGINT, as a shell reports it. */
    public static final int EXIT_ABORTED = 130;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "show what LabDeck does (INFO) on the terminal, not only warnings")
    boolean verbose;

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "log everything (DEBUG) on the terminal and in the log files; LABDECK_LOG_LEVEL sets the files' level")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        LogLevels.apply(args);
        System.exit(commandLine().execute(args));
    }

    /** The command tree; subcommands are added here as they are built. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LabDeckCli());
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            // one line for people; the trace goes to the log file only (the terminal shows WARN and up)
            org.slf4j.LoggerFactory.getLogger(LabDeckCli.class).info("command failed", ex);
            line.getErr().println("labdeck: " + oneLine(ex));
            return EXIT_RUN_FAILED;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("labdeck: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return EXIT_INVALID_INPUT;
        });
        return cl;
    }

    /** An unexpected failure in one line: its message, or what it is when it has none (a bug: the log has the trace). */
    static String oneLine(Throwable ex) {
        String m = ex.getMessage();
        String text = m == null || m.isBlank()
                ? "internal error " + ex.getClass().getSimpleName() + (ex.getStackTrace().length > 0
                        ? " at " + ex.getStackTrace()[0].getClassName().replaceAll(".*[.$]", "") + "." + ex.getStackTrace()[0].getMethodName()
                        : "") + "; the trace is in labdeck.log"
                : m;
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = LabDeckCli.class.getPackage().getImplementationVersion();
            return new String[] {"labdeck " + (v == null ? "0.1.0" : v)};
        }
    }
}
