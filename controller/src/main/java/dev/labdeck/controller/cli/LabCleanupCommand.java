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
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code labdeck lab cleanup}: removes what dead agents left on every host of the lab-in-a-box. */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = {"Removes what dead LabDeck agents left on every host of the lab: XDP programs, service",
                "processes, runtime directories and tokens (agents still running are not touched)."})
public final class LabCleanupCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--name", defaultValue = LabInABox.DEFAULT_NAME, description = "Lab name. Default: ${DEFAULT-VALUE}")
    String name;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String invalid = LabCommand.invalidInput(name, null);
        if (invalid != null) {
            err.println("labdeck lab cleanup: " + invalid);
            return LabDeckCli.EXIT_INVALID_INPUT;
        }
        LabState state;
        try {
            state = new LabInABox().readState(name).orElse(null);
        } catch (LabException e) {
            err.println("labdeck lab cleanup: " + e.getMessage());
            return LabDeckCli.EXIT_RUN_FAILED;
        }
        if (state == null) {
            err.printf("labdeck lab cleanup: lab %s is not up (run 'labdeck lab up --name %s')%n", name, name);
            return LabDeckCli.EXIT_RUN_FAILED;
        }
        // a lab host is this machine: the agent jar runs there with the controller's own Java
        String java = ProcessHandle.current().info().command().orElse(null);
        List<HostSpec> hosts = new ArrayList<>();
        for (LabHost h : state.hosts()) {
            hosts.add(new HostSpec(h.name(), h.managementAddress(), HostSpec.Transport.SSH, 22, state.user(), state.userKey(),
                    Set.of(), java, List.of(), null));
        }
        return CleanCommand.clean(hosts, null, TransportOptions.defaults(), spec.commandLine().getOut(), err);
    }
}
