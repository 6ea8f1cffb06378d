package dev.labdeck.controller.cli;

import dev.labdeck.controller.lab.LabDownReport;
import dev.labdeck.controller.lab.LabException;
import dev.labdeck.controller.lab.LabInABox;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code labdeck lab down}: removes everything of the lab; safe twice and after a crash. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Removes the lab's processes, namespaces, links, bridge, known_hosts lines and files. Safe to run twice.")
public final class LabDownCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--name", defaultValue = LabInABox.DEFAULT_NAME, description = "Lab name. Default: ${DEFAULT-VALUE}")
    String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String invalid = LabCommand.invalidInput(name, null);
        if (invalid != null) {
            spec.commandLine().getErr().println("labdeck lab down: " + invalid);
            return LabDeckCli.EXIT_INVALID_INPUT;
        }
        try {
            LabDownReport r = new LabInABox().down(name);
            if (r.nothingToRemove()) {
                out.printf("lab %s is not there; nothing to remove%n", name);
            } else {
                out.printf("lab %s is down; removed:%n", name);
                r.removed().forEach(x -> out.println("  " + x));
            }
            out.flush();
            return LabDeckCli.EXIT_OK;
        } catch (LabException e) {
            spec.commandLine().getErr().println("labdeck lab down: " + e.getMessage());
            return LabDeckCli.EXIT_RUN_FAILED;
        }
    }
}
