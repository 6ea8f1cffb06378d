package dev.labdeck.agent;

import dev.labdeck.protocol.Api;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's command line (the process contract the transports rely on):
 * {@code --port P --bind ADDR --token-file F [--ready-file R] [--state-dir D]
 * [--heartbeat-timeout-ms N] [--run-id ID]}.
 *
 * @param port               0 lets the system choose; the ready file tells which
 * @param heartbeatTimeoutMs the dead-man switch's first timeout, armed at process start; 0 disables it
 * @param requestTimeoutS    a request's headers and body must arrive within this many seconds, or the
 *                           connection is closed (a stalled or malicious client cannot hold a thread)
 */
public record AgentOptions(int port, String bind, Path tokenFile, Path readyFile, Path stateDir,
                           long heartbeatTimeoutMs, String runId, int requestTimeoutS) {

    public static final long DEFAULT_HEARTBEAT_TIMEOUT_MS = 10_000;
    /** Long enough for the largest XDP object (32 MiB) over a slow tunnel. */
    public static final int DEFAULT_REQUEST_TIMEOUT_S = 60;

    public AgentOptions(int port, String bind, Path tokenFile, Path readyFile, Path stateDir, long heartbeatTimeoutMs,
                        String runId) {
        this(port, bind, tokenFile, readyFile, stateDir, heartbeatTimeoutMs, runId, DEFAULT_REQUEST_TIMEOUT_S);
    }

    public static final String USAGE = """
            Usage: java -jar labdeck-agent.jar --token-file FILE [options]
              --port P                  HTTP port (default 8080; 0 = any free port, see --ready-file)
              --bind ADDR               address to listen on (default 127.0.0.1)
              --token-file FILE         file holding the bearer token every request must carry (required)
              --ready-file FILE         written as {"port":N,"pid":M} once the agent listens
              --state-dir DIR           logs, pid file, uploads, service logs (default ~/.labdeck/agent)
              --heartbeat-timeout-ms N  dead-man switch: stop everything and exit after N ms without
                                        a heartbeat (default 10000; 0 = never)
              --run-id ID               the run this agent serves (for its logs and events)
              --request-timeout-s N     close a connection whose request headers and body took longer
                                        than N s (default 60)
              --cleanup                 remove what dead agents left under --state-dir (XDP programs,
                                        service processes, runtime directories, tokens), say what, exit
              --version, --help
            """;

    /** A command line the agent cannot start with; the message says what to fix. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static AgentOptions parse(String... args) throws UsageException {
        int port = Api.DEFAULT_PORT;
        String bind = "127.0.0.1";
        Path tokenFile = null;
        Path readyFile = null;
        Path stateDir = Path.of(System.getProperty("user.home"), ".labdeck", "agent");
        long heartbeat = DEFAULT_HEARTBEAT_TIMEOUT_MS;
        String runId = null;
        int requestTimeout = DEFAULT_REQUEST_TIMEOUT_S;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.removeFirst();
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--port" -> port = parseInt(name, value(name, value, rest), 0, 65535);
                case "--bind" -> bind = value(name, value, rest);
                case "--token-file" -> tokenFile = Path.of(value(name, value, rest));
                case "--ready-file" -> readyFile = Path.of(value(name, value, rest));
                case "--state-dir" -> stateDir = Path.of(value(name, value, rest));
                case "--heartbeat-timeout-ms" -> heartbeat = parseInt(name, value(name, value, rest), 0, Integer.MAX_VALUE);
                case "--run-id" -> runId = value(name, value, rest);
                case "--request-timeout-s" -> requestTimeout = parseInt(name, value(name, value, rest), 1, 3600);
                default -> throw new UsageException("unknown option " + arg);
            }
        }
        if (tokenFile == null) throw new UsageException("--token-file is required (a file holding the bearer token)");
        return new AgentOptions(port, bind, tokenFile, readyFile, stateDir, heartbeat, runId, requestTimeout);
    }

    private static String value(String name, String inline, List<String> rest) throws UsageException {
        if (inline != null) return inline;
        if (rest.isEmpty() || rest.getFirst().startsWith("--")) throw new UsageException(name + " needs a value");
        return rest.removeFirst();
    }

    private static int parseInt(String name, String value, int min, int max) throws UsageException {
        try {
            int v = Integer.parseInt(value.trim());
            if (v < min || v > max) throw new UsageException(name + " must be between " + min + " and " + max + ", got " + v);
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a number, got '" + value + "'");
        }
    }
}
