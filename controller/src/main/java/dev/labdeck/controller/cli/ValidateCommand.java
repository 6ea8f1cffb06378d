package dev.labdeck.controller.cli;

import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.transport.AgentExposure;
import dev.labdeck.controller.profile.ProfileException;
import dev.labdeck.controller.profile.ProfileForm;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.profile.ProfileProblem;
import dev.labdeck.controller.profile.TrafficSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code labdeck validate FILE...}: reads each profile and says what it is, or every problem in it. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check test profiles (LabDeck's form or the seed's config.yaml form) without running them.",
                "Prints one summary line per valid profile. For an invalid one, prints one line per problem",
                "on stderr as FILE:LINE:COLUMN: message."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every profile is valid", "2:a profile is invalid or unreadable"})
public final class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "profile files (YAML)")
    List<Path> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean allValid = true;
        for (Path file : files) {
            try {
                Profile p = ProfileLoader.load(file);
                out.println(file + ": valid: " + summary(p));
                AgentExposure.beyondLoopback(p.agent()).ifPresent(w -> err.println(file + ": warning: " + w));
            } catch (ProfileException e) {
                allValid = false;
                for (ProfileProblem problem : e.problems()) {
                    err.println(problem);
                }
            }
        }
        out.flush();
        err.flush();
        return allValid ? LabDeckCli.EXIT_OK : LabDeckCli.EXIT_INVALID_INPUT;
    }

    /** e.g. {@code 'local-loopback' (LabDeck form), 1 host, 4 flows, 10000 pps, 64-byte packets, 10 s}. */
    static String summary(Profile p) {
        StringBuilder s = new StringBuilder();
        s.append('\'').append(p.name()).append("' (")
                .append(p.form() == ProfileForm.SEED_CONFIG ? "seed config.yaml form" : "LabDeck form").append("), ")
                .append(p.hosts().size()).append(p.hosts().size() == 1 ? " host" : " hosts");
        TrafficSpec t = p.traffic();
        if (t == null) {
            s.append(", no UDP traffic");
        } else {
            s.append(", ").append(t.flows()).append(t.flows() == 1 ? " flow" : " flows")
                    .append(", ").append(t.pps()).append(" pps, ").append(t.packetSize()).append("-byte packets, ")
                    .append(human(t.duration()));
        }
        int services = p.hosts().stream().mapToInt(h -> h.services().size()).sum();
        if (services > 0) {
            s.append(", ").append(services).append(services == 1 ? " service" : " services");
        }
        if (!p.xdp().isEmpty()) {
            s.append(", XDP on ").append(p.xdp().size()).append(p.xdp().size() == 1 ? " interface" : " interfaces");
        }
        return s.toString();
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
