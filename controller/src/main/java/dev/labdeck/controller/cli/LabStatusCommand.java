package dev.labdeck.controller.cli;

import dev.labdeck.controller.lab.LabException;
import dev.labdeck.controller.lab.LabInABox;
import dev.labdeck.controller.lab.LabStatus;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code labdeck lab status}: what of the lab is there and running. Exit 0 when it is up and healthy. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows the lab's hosts, addresses, sshd state and links. Exit 0 when up and healthy, 3 otherwise.")
public final class LabStatusCommand extends LabNamedCommand {

    @Override
    int run(PrintWriter out, PrintWriter err) throws LabException {
        LabStatus st = new LabInABox().status(name);
        if (st.absent()) {
            out.printf("lab %s is not up (run 'labdeck lab up --name %s')%n", name, name);
            return LabDeckCli.EXIT_RUN_FAILED;
        }
        out.printf("lab %s is %s%n", name, st.up() ? "up" : "NOT healthy");
        if (st.state() != null) {
            LabCommand.printStatus(out, st);
        }
        for (String p : st.problems()) {
            out.println("  problem: " + p);
        }
        if (!st.up()) {
            out.printf("  'labdeck lab up --name %s' rebuilds it; 'labdeck lab down --name %s' removes it%n", name, name);
        }
        return st.up() ? LabDeckCli.EXIT_OK : LabDeckCli.EXIT_RUN_FAILED;
    }
}
