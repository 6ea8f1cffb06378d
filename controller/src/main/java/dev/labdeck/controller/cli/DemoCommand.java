package dev.labdeck.controller.cli;

import dev.labdeck.controller.lab.LabException;
import dev.labdeck.controller.lab.LabInABox;
import dev.labdeck.controller.lab.LabPackages;
import dev.labdeck.controller.lab.LabPreconditions;
import dev.labdeck.controller.lab.LabUpResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code labdeck demo}: the first thing a new user runs. Brings the lab-in-a-box up when it is
 * not, then runs {@code profiles/lab-in-a-box-udp.yaml} exactly as {@code labdeck run} does (its
 * live progress, summary, results directory and exit code). As root on Debian/Ubuntu it first
 * installs the packages the lab needs ({@link LabPackages}) unless {@code --no-install}. Where no
 * lab can be built here (not Linux, not root, no sshd, ...) it says why and what to install, and
 * runs {@code profiles/local-loopback.yaml}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs LabDeck's demo: brings up the lab-in-a-box (when root on Linux) and runs a UDP test",
                "from its src host to its dst host over SSH; elsewhere runs the loopback test on this machine.",
                "The lab stays up afterwards ('labdeck lab status', 'labdeck lab down')."},
        footer = {"", "Exit codes as 'labdeck run': 0 passed, 1 a threshold failed, 2 invalid input, 3 the run failed, 130 aborted."})
public final class DemoCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
    static final String LAB_PROFILE = "profiles/lab-in-a-box-udp.yaml";
    static final String LOOPBACK_PROFILE = "profiles/local-loopback.yaml";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--lab", defaultValue = LabInABox.DEFAULT_NAME, description = "Lab to use (and bring up). Default: ${DEFAULT-VALUE}")
    String lab;

    @Option(names = "--subnet", paramLabel = "CIDR",
            description = "address range for a lab that is not up yet (default: its last one, else " + LabInABox.DEFAULT_RANGE + ")")
    String subnet;

    @Option(names = "--out", paramLabel = "DIR", description = "write the results here instead of runs/<time>-<profile>/")
    Path out;

    @Option(names = "--loopback", description = "skip the lab and run the loopback profile on this machine")
    boolean loopback;

    @Option(names = "--no-install", description = {"never install the packages the lab needs (as root on Debian/Ubuntu",
            "'demo' installs openssh-server, openssh-client, iproute2 and ethtool when missing);",
            "without them it runs the loopback test"})
    boolean noInstall;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Path home = labdeckHome();
        String profile = LOOPBACK_PROFILE;
        if (loopback) {
            stdout.println("labdeck demo: running the loopback test on this machine (--loopback)");
        } else {
            List<String> missing = LabPreconditions.missing();
            if (!missing.isEmpty() && !noInstall) {
                missing = installLabPackages(stdout, missing);
            }
            if (!missing.isEmpty()) {
                stdout.println("labdeck demo: cannot build the lab-in-a-box here:");
                missing.forEach(m -> stdout.println("  - " + m));
                stdout.println("labdeck demo: running the loopback test on this machine instead");
            } else {
                try {
                    stdout.printf("labdeck demo: bringing up lab-in-a-box '%s' ...%n", lab);
                    stdout.flush();
                    LabUpResult up = new LabInABox().up(lab, subnet);
                    stdout.printf("labdeck demo: lab %s %s%n", lab, up.alreadyUp() ? "was already up" : "is up");
                    LabCommand.printLab(stdout, up.state());
                    profile = LAB_PROFILE;
                } catch (LabException e) {
                    LOG.info("demo: lab up failed", e);
                    stdout.println("labdeck demo: the lab-in-a-box did not come up: " + e.getMessage());
                    stdout.println("labdeck demo: running the loopback test on this machine instead");
                }
            }
        }
        Path file = home.resolve(profile);
        if (!Files.isRegularFile(file)) {
            stderr.println("labdeck demo: " + file + " is missing; is " + home + " a LabDeck checkout?");
            stderr.flush();
            return LabDeckCli.EXIT_INVALID_INPUT;
        }
        CommandLine run = spec.root().commandLine().getSubcommands().get("run");
        if (run == null) {
            stderr.println("labdeck demo: this build has no 'run' command");
            stderr.flush();
            return LabDeckCli.EXIT_RUN_FAILED;
        }
        stdout.println("labdeck demo: labdeck run " + home.relativize(file));
        stdout.flush();
        List<String> args = new ArrayList<>();
        if (out != null) {
            args.add("--out");
            args.add(out.toString());
        }
        args.add(file.toString());
        // the profile's lab: references name no lab, so they resolve against this one (for this run only)
        String savedLab = System.getProperty("labdeck.lab");
        if (profile.equals(LAB_PROFILE)) {
            System.setProperty("labdeck.lab", lab);
        }
        int exit;
        try {
            exit = run.execute(args.toArray(String[]::new));
        } finally {
            if (savedLab == null) {
                System.clearProperty("labdeck.lab");
            } else {
                System.setProperty("labdeck.lab", savedLab);
            }
        }
        if (profile.equals(LAB_PROFILE)) {
            stdout.printf("labdeck demo: the lab stays up for you to look around ('labdeck lab status --name %s');"
                    + " 'labdeck lab down --name %s' removes it%n", lab, lab);
            stdout.flush();
        }
        return exit;
    }

    /**
     * As root on Debian/Ubuntu, installs what the lab needs and is missing, saying what, and
     * returns what is still missing; elsewhere adds how to get them to the reasons.
     */
    private static List<String> installLabPackages(PrintWriter stdout, List<String> missing) {
        boolean linux = System.getProperty("os.name", "").toLowerCase().contains("linux");
        if (!linux) {
            return missing;
        }
        List<String> reasons = new ArrayList<>(missing);
        try {
            if (!LabPackages.aptSystem()) {
                reasons.add("on this system, install OpenSSH (server and client), iproute2 and ethtool with its package manager");
                return reasons;
            }
            List<String> packages = LabPackages.missing();
            if (packages.isEmpty()) {
                return missing;
            }
            if (!LabPreconditions.isRoot()) {
                reasons.add("as root, 'labdeck demo' installs what the lab needs (" + String.join(" ", packages)
                        + "): sudo labdeck demo, or apt install " + String.join(" ", packages));
                return reasons;
            }
            stdout.println("labdeck demo: the lab-in-a-box needs " + String.join(", ", packages)
                    + "; installing with apt-get (--no-install to skip) ...");
            stdout.flush();
            LabPackages.install(packages);
            stdout.println("labdeck demo: installed " + String.join(" ", packages));
            if (packages.contains("openssh-server")) {
                stdout.println("labdeck demo: note: Debian also starts the system's own SSH server (ssh.service) when"
                        + " openssh-server is installed; the lab does not use it ('systemctl disable --now ssh' stops it)");
            }
            stdout.flush();
            return LabPreconditions.missing();
        } catch (LabException e) {
            LOG.info("demo: installing the lab's packages failed", e);
            reasons.add("installing them failed: " + e.getMessage());
            return reasons;
        }
    }

    /** The LabDeck checkout: {@code -Dlabdeck.home} (set by the launcher), else up from the working directory. */
    static Path labdeckHome() {
        String h = System.getProperty("labdeck.home");
        if (h != null && !h.isBlank()) {
            return Path.of(h).toAbsolutePath();
        }
        Path p = Path.of("").toAbsolutePath();
        for (Path d = p; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("labdeck")) && Files.isDirectory(d.resolve("profiles"))) {
                return d;
            }
        }
        return p;
    }
}
