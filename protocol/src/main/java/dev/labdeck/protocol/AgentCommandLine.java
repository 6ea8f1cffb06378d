package dev.labdeck.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The agent's command line: the process contract between the controller's transports, which
 * write it ({@link #arguments()}), and the agent, which reads it ({@link #parse}). Each option is
 * named once, in {@link Option}.
 *
 * @param port               0 lets the system choose; the ready file tells which
 * @param bind               the address to listen on
 * @param tokenFile          the file holding the bearer token every request must carry
 * @param readyFile          written as {@code {"port":N,"pid":M}} once the agent listens; null for none
 * @param stateDir           logs, pid file, uploads, service logs; null for the agent's default
 * @param heartbeatTimeoutMs the dead-man switch's first timeout, armed at process start; 0 disables it
 * @param runId              the run this agent serves (for its logs and events); null for none
 * @param requestTimeoutS    a request's headers and body must arrive within this many seconds, or the
 *                           agent closes the connection (a stalled or hostile client cannot hold it)
 * @param logLevel           the agent log's level (TRACE, DEBUG, INFO, WARN, ERROR); null for INFO
 */
public record AgentCommandLine(int port, String bind, String tokenFile, String readyFile, String stateDir,
                               long heartbeatTimeoutMs, String runId, int requestTimeoutS, String logLevel) {

    public AgentCommandLine(int port, String bind, String tokenFile, String readyFile, String stateDir,
                            long heartbeatTimeoutMs, String runId, int requestTimeoutS) {
        this(port, bind, tokenFile, readyFile, stateDir, heartbeatTimeoutMs, runId, requestTimeoutS, null);
    }

    /** The levels {@code --log-level} accepts. */
    public static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final long DEFAULT_HEARTBEAT_TIMEOUT_MS = 10_000;
    /** Long enough for the largest XDP object (32 MiB) over a slow tunnel. */
    public static final int DEFAULT_REQUEST_TIMEOUT_S = 60;
    /** The mode flag: remove what dead agents left under --state-dir, print it, exit (no token needed). */
    public static final String CLEANUP = "--cleanup";

    /** Every option the agent accepts, with its argument's name and what it means. */
    public enum Option {
        PORT("--port", "P", "HTTP port (default " + Api.DEFAULT_PORT + "; 0 = any free port, see --ready-file)"),
        BIND("--bind", "ADDR", "address to listen on (default " + DEFAULT_BIND + ")"),
        TOKEN_FILE("--token-file", "FILE", "file holding the bearer token every request must carry (required)"),
        READY_FILE("--ready-file", "FILE", "written as {\"port\":N,\"pid\":M} once the agent listens"),
        STATE_DIR("--state-dir", "DIR", "logs, pid file, uploads, service logs (default ~/.labdeck/agent)"),
        HEARTBEAT_TIMEOUT_MS("--heartbeat-timeout-ms", "N", "dead-man switch: stop everything and exit after N ms without\n"
                + "a heartbeat (default " + DEFAULT_HEARTBEAT_TIMEOUT_MS + "; 0 = never)"),
        RUN_ID("--run-id", "ID", "the run this agent serves (for its logs and events)"),
        REQUEST_TIMEOUT_S("--request-timeout-s", "N", "close a connection whose request headers and body took\n"
                + "longer than N s (default " + DEFAULT_REQUEST_TIMEOUT_S + ")"),
        LOG_LEVEL("--log-level", "LEVEL", "the agent log's level: TRACE, DEBUG, INFO (default), WARN, ERROR");

        private final String flag;
        private final String argument;
        private final String help;

        Option(String flag, String argument, String help) {
            this.flag = flag;
            this.argument = argument;
            this.help = help;
        }

        public String flag() {
            return flag;
        }

        static Optional<Option> of(String flag) {
            return Arrays.stream(values()).filter(o -> o.flag.equals(flag)).findFirst();
        }
    }

    /** A command line the agent cannot start with; the message says what to fix. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    /** The launch the transports make: a ready file, a state directory, no run id yet. */
    public static AgentCommandLine launch(int port, String bind, String tokenFile, String readyFile, String stateDir,
            long heartbeatTimeoutMs, String runId) {
        return new AgentCommandLine(port, bind == null || bind.isBlank() ? DEFAULT_BIND : bind, tokenFile, readyFile,
                stateDir, heartbeatTimeoutMs, runId == null || runId.isBlank() ? null : runId, DEFAULT_REQUEST_TIMEOUT_S);
    }

    /** The same command line with the agent log at {@code level} (null: the agent's default). */
    public AgentCommandLine withLogLevel(String level) {
        return new AgentCommandLine(port, bind, tokenFile, readyFile, stateDir, heartbeatTimeoutMs, runId, requestTimeoutS, level);
    }

    /**
     * The arguments of a cleanup: remove what dead agents left in the launch directories under
     * {@code stateRoot}; the agent prints "removed: ..." and "left: ..." lines and exits 0, or 1 when
     * something could not be removed.
     */
    public static List<String> cleanup(String stateRoot) {
        return List.of(CLEANUP, Option.STATE_DIR.flag, stateRoot);
    }

    /** The arguments after the program, options with a value left out when null. */
    public List<String> arguments() {
        List<String> args = new ArrayList<>();
        add(args, Option.PORT, Integer.toString(port));
        add(args, Option.BIND, bind);
        add(args, Option.TOKEN_FILE, tokenFile);
        add(args, Option.READY_FILE, readyFile);
        add(args, Option.STATE_DIR, stateDir);
        add(args, Option.HEARTBEAT_TIMEOUT_MS, Long.toString(heartbeatTimeoutMs));
        add(args, Option.RUN_ID, runId);
        if (requestTimeoutS != DEFAULT_REQUEST_TIMEOUT_S) {
            add(args, Option.REQUEST_TIMEOUT_S, Integer.toString(requestTimeoutS));
        }
        add(args, Option.LOG_LEVEL, logLevel);
        return args;
    }

    private static void add(List<String> args, Option option, String value) {
        if (value != null) {
            args.add(option.flag);
            args.add(value);
        }
    }

    /**
     * Reads {@code --name value} and {@code --name=value}; what is not given keeps its default
     * (stateDir, readyFile and runId stay null).
     */
    public static AgentCommandLine parse(String... args) throws UsageException {
        int port = Api.DEFAULT_PORT;
        String bind = DEFAULT_BIND;
        String tokenFile = null;
        String readyFile = null;
        String stateDir = null;
        long heartbeat = DEFAULT_HEARTBEAT_TIMEOUT_MS;
        String runId = null;
        int requestTimeout = DEFAULT_REQUEST_TIMEOUT_S;
        String logLevel = null;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.removeFirst();
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            Option option = Option.of(name).orElseThrow(() -> new UsageException("unknown option " + arg));
            String value = value(name, inline, rest);
            switch (option) {
                case PORT -> port = parseInt(name, value, 0, 65535);
                case BIND -> bind = value;
                case TOKEN_FILE -> tokenFile = value;
                case READY_FILE -> readyFile = value;
                case STATE_DIR -> stateDir = value;
                case HEARTBEAT_TIMEOUT_MS -> heartbeat = parseInt(name, value, 0, Integer.MAX_VALUE);
                case RUN_ID -> runId = value;
                case REQUEST_TIMEOUT_S -> requestTimeout = parseInt(name, value, 1, 3600);
                case LOG_LEVEL -> {
                    logLevel = value.trim().toUpperCase(java.util.Locale.ROOT);
                    if (!LOG_LEVELS.contains(logLevel)) {
                        throw new UsageException(name + " must be one of " + String.join(", ", LOG_LEVELS) + ", got '" + value + "'");
                    }
                }
            }
        }
        if (tokenFile == null) {
            throw new UsageException(Option.TOKEN_FILE.flag + " is required (a file holding the bearer token)");
        }
        return new AgentCommandLine(port, bind, tokenFile, readyFile, stateDir, heartbeat, runId, requestTimeout, logLevel);
    }

    /** The agent's usage text, every option with its help. */
    public static String usage(String program) {
        StringBuilder b = new StringBuilder("Usage: " + program + " " + Option.TOKEN_FILE.flag + " FILE [options]\n");
        for (Option o : Option.values()) {
            String head = "  " + o.flag + " " + o.argument;
            String[] help = o.help.split("\n");
            b.append(String.format("%-28s%s%n", head, help[0]));
            for (int i = 1; i < help.length; i++) {
                b.append(String.format("%-28s%s%n", "", help[i]));
            }
        }
        b.append(String.format("%-28s%s%n", "  " + CLEANUP, "remove what dead agents left under --state-dir (XDP"));
        b.append(String.format("%-28s%s%n", "", "programs, service processes, runtime directories, tokens),"));
        b.append(String.format("%-28s%s%n", "", "say what, exit"));
        return b.append("  --version, --help\n").toString();
    }

    private static String value(String name, String inline, List<String> rest) throws UsageException {
        if (inline != null) {
            return inline;
        }
        if (rest.isEmpty() || rest.getFirst().startsWith("--")) {
            throw new UsageException(name + " needs a value");
        }
        return rest.removeFirst();
    }

    private static int parseInt(String name, String value, int min, int max) throws UsageException {
        try {
            int v = Integer.parseInt(value.trim());
            if (v < min || v > max) {
                throw new UsageException(name + " must be between " + min + " and " + max + ", got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a number, got '" + value + "'");
        }
    }
}
