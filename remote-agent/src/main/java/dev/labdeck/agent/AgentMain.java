package dev.labdeck.agent;

import dev.labdeck.agent.httpload.HttpLoadFeature;
import dev.labdeck.agent.journal.ChangeJournal;
import dev.labdeck.agent.journal.LeftoverCleaner;
import dev.labdeck.agent.metrics.SystemMetricsFeature;
import dev.labdeck.agent.service.ServiceFeature;
import dev.labdeck.agent.traffic.TrafficFeature;
import dev.labdeck.agent.xdp.XdpFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar labdeck-agent.jar --port P --bind ADDR --token-file F [--ready-file R]
 * [--state-dir D] [--heartbeat-timeout-ms N] [--run-id ID]}. Exit status: 0 after a shutdown
 * request, 2 for a bad command line or a port in use, 3 when the dead-man switch fired.
 * {@code --cleanup [--state-dir ROOT]} removes what dead agents left and exits (see {@link #cleanup}).
 */
public final class AgentMain {

    private AgentMain() {}

    /** Every feature of the agent, in start order (stopped in reverse). Add a feature here, one line each. */
    static List<AgentFeature> features() {
        return List.of(
                new SystemMetricsFeature(),
                new TrafficFeature(),
                new XdpFeature(),
                new ServiceFeature(),
                new HttpLoadFeature());
    }

    public static void main(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                System.out.print(AgentOptions.USAGE);
                return;
            }
            if (a.equals("--version")) {
                System.out.println("labdeck-agent " + HostFacts.readAgentVersion());
                return;
            }
        }
        if (List.of(args).contains("--cleanup")) {
            List<String> rest = new ArrayList<>(List.of(args));
            rest.remove("--cleanup");
            int i = rest.indexOf("--state-dir");
            Path root = i >= 0 && i + 1 < rest.size() ? Path.of(rest.get(i + 1))
                    : Path.of(System.getProperty("user.home"), ".labdeck", "agent");
            System.exit(cleanup(root));
            return;
        }
        AgentOptions options;
        try {
            options = AgentOptions.parse(args);
        } catch (AgentOptions.UsageException e) {
            System.err.println("labdeck-agent: " + e.getMessage());
            System.err.print(AgentOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            Files.createDirectories(options.stateDir());
        } catch (IOException e) {
            System.err.println("labdeck-agent: cannot create state directory " + options.stateDir() + ": " + e);
            System.exit(2);
        }
        // the log file lives in the state directory; set before the first logger is made
        System.setProperty(AgentLogConfigurator.STATE_PROPERTY, options.stateDir().toAbsolutePath().toString());
        if (options.logLevel() != null) {
            // the controller's level (labdeck --debug, LABDECK_LOG_LEVEL=DEBUG) for this agent's log too
            System.setProperty("labdeck.log.level", options.logLevel());
        }
        Logger log = LoggerFactory.getLogger(AgentMain.class);
        log.debug("started with {}", options);

        List<String> warnings = new ArrayList<>();
        String token;
        try {
            token = readToken(options.tokenFile(), warnings);
        } catch (IOException | IllegalArgumentException e) {
            log.error("cannot read token file {}: {}", options.tokenFile(), e.getMessage());
            System.err.println("labdeck-agent: cannot read token file " + options.tokenFile() + ": " + e.getMessage());
            System.exit(2);
            return;
        }

        AgentServer agent;
        try {
            agent = AgentServer.start(options, token, features(), warnings, System::exit);
        } catch (IOException e) {
            log.error("cannot listen on {}:{}", options.bind(), options.port(), e);
            System.err.println("labdeck-agent: cannot listen on " + options.bind() + ":" + options.port() + ": " + e);
            System.exit(2);
            return;
        }
        // Ctrl-C or SIGTERM: still leave no traffic, XDP program or process behind
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!agent.stopping()) agent.stopOnSignal();
        }, "agent-stop-on-exit"));
        agent.writePidFile();
        if (options.readyFile() != null) {
            try {
                ReadyFile.write(options.readyFile(), agent.address().getPort(), ProcessHandle.current().pid());
            } catch (IOException e) {
                log.error("cannot write ready file {}", options.readyFile(), e);
                agent.shutdown("cannot write ready file", 2);
            }
        }
        agent.warmUpInBackground();
    }

    /**
     * The first line of the token file. A file others can read is refused: anyone on the host
     * could then drive the agent (start processes, attach XDP programs).
     */
    static String readToken(Path file, List<String> warnings) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view != null) {
            Set<PosixFilePermission> perms = view.readAttributes().permissions();
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)
                    || perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new IllegalArgumentException("it is readable or writable by others (" + PosixFilePermissions.toString(perms)
                        + "); make it mode 0600: chmod 600 " + file);
            }
        }
        String content = Files.readString(file).strip();
        String token = content.lines().findFirst().orElse("").strip();
        if (token.isEmpty()) throw new IllegalArgumentException("the file is empty");
        return token;
    }

    /**
     * {@code --cleanup}: removes what dead agents left under the state directory (each agent start's
     * own directory below it): XDP programs, service processes, runtime directories and tokens.
     * Prints one line per thing, "removed: ..." or "left: ...", and exits 0, or 1 when something
     * could not be removed.
     */
    static int cleanup(Path root) {
        System.setProperty(AgentLogConfigurator.STATE_PROPERTY, AgentLogConfigurator.NO_FILE);
        LeftoverCleaner.Report here = Files.isRegularFile(root.resolve(ChangeJournal.FILE))
                ? LeftoverCleaner.cleanPrevious(root) : new LeftoverCleaner.Report(List.of(), List.of());
        LeftoverCleaner.Report below = LeftoverCleaner.cleanSiblings(root, null);
        List<String> left = new ArrayList<>();
        for (LeftoverCleaner.Report r : List.of(here, below)) {
            r.removed().forEach(line -> System.out.println("removed: " + line));
            r.left().forEach(line -> System.out.println("left: " + line));
            left.addAll(r.left());
        }
        System.out.flush();
        return left.isEmpty() ? 0 : 1;
    }
}
