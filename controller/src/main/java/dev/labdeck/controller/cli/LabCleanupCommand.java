package dev.labdeck.controller.cli;

import dev.labdeck.controller.lab.LabException;
import dev.labdeck.controller.lab.LabHost;
import dev.labdeck.controller.lab.LabInABox;
import dev.labdeck.controller.lab.LabState;
import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.transport.TransportOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code labdeck lab cleanup}: removes what dead agents left on every host of the lab-in-a-box. */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = {"Removes what dead LabDeck agents left on every host of the lab: XDP programs, service",
                "processes, runtime directories and tokens (agents still running are not touched)."})
public final class LabCleanupCommand extends LabNamedCommand {

    @Override
    int run(PrintWriter out, PrintWriter err) throws LabException {
        LabState state = new LabInABox().readState(name).orElse(null);
        if (state == null) {
            err.printf("%slab %s is not up (run 'labdeck lab up --name %s')%n", prefix(), name, name);
            return LabDeckCli.EXIT_RUN_FAILED;
        }
        // a lab host is this machine: the agent jar runs there with the controller's own Java
        String java = ProcessHandle.current().info().command().orElse(null);
        List<HostSpec> hosts = new ArrayList<>();
        for (LabHost h : state.hosts()) {
            hosts.add(new HostSpec(h.name(), h.managementAddress(), HostSpec.Transport.SSH, 22, state.user(), state.userKey(),
                    Set.of(), java, List.of(), null));
        }
        return CleanCommand.clean(hosts, null, TransportOptions.defaults(), out, err);
    }
}
