package dev.labdeck.controller.transport;

import dev.labdeck.protocol.AgentCommandLine;
import dev.labdeck.protocol.AgentInfo;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting the agent jar as a child process of this JVM, with this JVM's java: the command line,
 * and waiting until it is up (its ready file, then its handshake). Used by {@link LocalTransport}
 * and by the benchmark, which starts agents inside lab namespaces.
 */
public final class LocalAgentLaunch {
    private static final Logger LOG = LoggerFactory.getLogger(LocalAgentLaunch.class);

    private LocalAgentLaunch() {}

    /** {@code java --enable-native-access=ALL-UNNAMED [jvmOptions] -jar agentJar} and the agent's own arguments. */
    public static List<String> command(Path agentJar, List<String> jvmOptions, AgentCommandLine line) {
        List<String> command = new ArrayList<>(List.of(ControllerJava.path(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", agentJar.toString()));
        command.addAll(line.arguments());
        return command;
    }

    /**
     * Waits until the started agent has written its ready file and answers its handshake at
     * {@code connectHost}, at most until {@code deadline}.
     *
     * @throws TransportException when it exits first or does not answer in time, with the tail of its output
     */
    public static AgentEndpoint awaitUp(String host, Process agent, Path readyFile, Path consoleLog, String connectHost, String token,
                                        Instant deadline) throws TransportException {
        AgentReady ready = awaitReadyFile(host, agent, readyFile, consoleLog, deadline);
        URI base = URI.create("http://" + connectHost + ":" + ready.port());
        AgentInfo info = AgentHandshake.awaitInfo(host, base, token, deadline);
        LOG.info("{}: agent {} up at {} (pid {})", host, info.agentVersion(), base, ready.pid());
        return new AgentEndpoint(host, base, token);
    }

    private static AgentReady awaitReadyFile(String host, Process agent, Path readyFile, Path consoleLog, Instant deadline)
            throws TransportException {
        while (true) {
            if (Files.isRegularFile(readyFile)) {
                try {
                    String text = Files.readString(readyFile, StandardCharsets.UTF_8);
                    if (!text.isBlank()) return AgentReady.parse(text);
                } catch (IOException e) {
                    throw new TransportException(host, "unreadable ready file " + readyFile + ": " + e.getMessage(), e);
                }
            }
            if (!agent.isAlive()) {
                throw new TransportException(host, "the agent exited with status " + agent.exitValue()
                        + " before it was ready; its output (" + consoleLog + "):\n" + LocalTransport.tail(consoleLog));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new TransportException(host, "the agent did not write its ready file " + readyFile
                        + " in time; its output (" + consoleLog + "):\n" + LocalTransport.tail(consoleLog));
            }
            AgentHandshake.pause(host, Duration.ofMillis(20));
        }
    }
}
