package dev.labdeck.controller.cli;

import dev.labdeck.controller.lab.LabException;
import dev.labdeck.controller.lab.LabResolver;
import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileException;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.profile.ProfileProblem;
import dev.labdeck.controller.transport.HostTransport;
import dev.labdeck.controller.transport.LeftoverReport;
import dev.labdeck.controller.transport.TransportException;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.controller.transport.Transports;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labdeck clean HOST --profile P}: removes what dead agents left on a host of the profile. */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = {"Removes what dead LabDeck agents left on a host: XDP programs they attached, processes of",
                "their services, their runtime directories and tokens. Agents still running are not touched.",
                "A new agent does the same when it starts; this is for a host you want clean now."},
        footer = {"", "Exit codes: 0 clean, 2 invalid input, 3 the host could not be reached or something could not be removed."})
public final class CleanCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(CleanCommand.class);

    @Parameters(index = "0", paramLabel = "HOST", description = "the host, by its name in the profile")
    String host;

    @Option(names = {"-p", "--profile"}, required = true, paramLabel = "PROFILE", description = "the profile naming the host")
    Path profileFile;

    @Option(names = "--accept-new-host-keys", description = "accept and remember SSH host keys not seen before (a changed key is always refused)")
    boolean acceptNewHostKeys;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Profile profile;
        try {
            profile = LabResolver.resolve(ProfileLoader.load(profileFile));
        } catch (ProfileException e) {
            for (ProfileProblem p : e.problems()) {
                err.println(p);
            }
            err.flush();
            return LabDeckCli.EXIT_INVALID_INPUT;
        } catch (LabException e) {
            err.println("labdeck clean: " + e.getMessage());
            err.flush();
            return LabDeckCli.EXIT_INVALID_INPUT;
        }
        HostSpec spec = profile.hosts().stream().filter(h -> h.name().equals(host)).findFirst().orElse(null);
        if (spec == null) {
            err.println("labdeck clean: " + profileFile + " has no host '" + host + "' (it has "
                    + String.join(", ", profile.hosts().stream().map(HostSpec::name).toList()) + ")");
            err.flush();
            return LabDeckCli.EXIT_INVALID_INPUT;
        }
        return clean(List.of(spec), profile, TransportOptions.defaults().withAcceptNewHostKeys(acceptNewHostKeys),
                this.spec.commandLine().getOut(), err);
    }

    /** Cleans each host in turn, one line per thing removed; 0 when every host is clean now. */
    static int clean(List<HostSpec> hosts, Profile profile, TransportOptions options, PrintWriter out, PrintWriter err) {
        int status = LabDeckCli.EXIT_OK;
        for (HostSpec h : hosts) {
            try (HostTransport t = Transports.open(h, profile == null ? null : profile.agent(), options)) {
                t.acceptedHostKey().ifPresent(m -> err.println("warn: " + h.name() + ": " + m));
                LeftoverReport r = t.removeLeftovers();
                r.removed().forEach(line -> out.println(h.name() + ": removed " + line));
                r.left().forEach(line -> err.println(h.name() + ": could not remove " + line));
                if (r.isEmpty()) {
                    out.println(h.name() + ": nothing left by dead agents");
                }
                if (!r.left().isEmpty()) {
                    status = LabDeckCli.EXIT_RUN_FAILED;
                }
            } catch (TransportException e) {
                LOG.debug("cleaning {} failed", h.name(), e);
                err.println(h.name() + ": " + e.getMessage());
                status = LabDeckCli.EXIT_RUN_FAILED;
            }
            out.flush();
            err.flush();
        }
        return status;
    }
}
