package dev.labdeck.controller.cli;

import dev.labdeck.controller.lab.LabException;
import dev.labdeck.controller.lab.LabInABox;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * A {@code labdeck lab} subcommand about one existing lab named by {@code --name}: a bad name is
 * exit 2, a {@link LabException} one line and exit 3, both prefixed with the command's name.
 */
abstract class LabNamedCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--name", defaultValue = LabInABox.DEFAULT_NAME, description = "Lab name. Default: ${DEFAULT-VALUE}")
    String name;

    @Override
    public final Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String invalid = LabCommand.invalidInput(name, null);
        if (invalid != null) {
            err.println(prefix() + invalid);
            return LabDeckCli.EXIT_INVALID_INPUT;
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            return run(out, err);
        } catch (LabException e) {
            err.println(prefix() + e.getMessage());
            return LabDeckCli.EXIT_RUN_FAILED;
        } finally {
            out.flush();
        }
    }

    /** {@code labdeck lab down: }, for messages. */
    final String prefix() {
        return "labdeck lab " + spec.name() + ": ";
    }

    /** Does the command for the lab {@link #name}; returns the exit code. */
    abstract int run(PrintWriter out, PrintWriter err) throws LabException;
}
