package dev.labdeck.controller.cli;

import dev.labdeck.controller.lab.LabDownReport;
import dev.labdeck.controller.lab.LabException;
import dev.labdeck.controller.lab.LabInABox;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code labdeck lab down}: removes everything of the lab; safe twice and after a crash. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Removes the lab's processes, namespaces, links, bridge, known_hosts lines and files. Safe to run twice.")
public final class LabDownCommand extends LabNamedCommand {

    @Override
    int run(PrintWriter out, PrintWriter err) throws LabException {
        LabDownReport r = new LabInABox().down(name);
        if (r.nothingToRemove()) {
            out.printf("lab %s is not there; nothing to remove%n", name);
        } else {
            out.printf("lab %s is down; removed:%n", name);
            r.removed().forEach(x -> out.println("  " + x));
        }
        return LabDeckCli.EXIT_OK;
    }
}
