package dev.labdeck.controller.cli;

import dev.labdeck.controller.lab.LabException;
import dev.labdeck.controller.lab.LabInABox;
import dev.labdeck.controller.lab.LabUpResult;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code labdeck lab up}: builds the lab, or checks it and says so when it is already up. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Builds the lab-in-a-box (root, Linux). Safe to run again: an up lab is checked and left as it is.")
public final class LabUpCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--name", defaultValue = LabInABox.DEFAULT_NAME,
            description = "Lab name, the prefix of everything it creates (lower-case letters and digits, at most 9). Default: ${DEFAULT-VALUE}")
    String name;

    @Option(names = "--subnet", paramLabel = "CIDR",
            description = "Address range, /23 or larger: its first /24 is management, the second the data link. Default: "
                    + LabInABox.DEFAULT_RANGE + " (or the lab's current range)")
    String subnet;

    @Option(names = "--hugepages", paramLabel = "N", defaultValue = "0",
            description = "Reserve N hugepages (2 MiB on x86-64) for the lab's DPDK processes, e.g. secondaries such as"
                    + " dpdk-pdump; added to the machine's nr_hugepages and given back at lab down. Default: none")
    int hugepages;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String invalid = LabCommand.invalidInput(name, subnet);
        if (invalid != null) {
            spec.commandLine().getErr().println("labdeck lab up: " + invalid);
            return LabDeckCli.EXIT_INVALID_INPUT;
        }
        try {
            LabUpResult r = new LabInABox().up(name, subnet, hugepages);
            if (r.alreadyUp()) {
                out.printf("lab %s is already up and healthy; nothing changed%n", name);
            } else if (!r.repaired().isEmpty()) {
                out.printf("lab %s was broken (%s); rebuilt it%n", name, String.join("; ", r.repaired()));
            } else {
                out.printf("lab %s is up%n", name);
            }
            LabCommand.printLab(out, r.state());
            out.flush();
            return LabDeckCli.EXIT_OK;
        } catch (LabException e) {
            LoggerFactory.getLogger(LabUpCommand.class).debug("lab up failed", e);
            spec.commandLine().getErr().println("labdeck lab up: " + e.getMessage());
            return LabDeckCli.EXIT_RUN_FAILED;
        }
    }
}
