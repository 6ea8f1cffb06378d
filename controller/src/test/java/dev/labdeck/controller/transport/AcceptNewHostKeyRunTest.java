package dev.labdeck.controller.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.cli.LabdeckTerminal;
import dev.labdeck.controller.engine.LoopbackRuns;
import dev.labdeck.protocol.ProtocolJson;
import dev.labdeck.testkit.ClassFixture;
import dev.labdeck.testkit.Prerequisites;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code labdeck run --accept-new-host-keys} against an SSH host (OpenSSH's sshd on a
 * loopback port) whose key this user has never seen: the acceptance is an event of that host in
 * events.jsonl and one line on the terminal naming the host and the key's fingerprint, and the key
 * is remembered so the next run accepts nothing.
 */
class AcceptNewHostKeyRunTest {
    @RegisterExtension
    static final ClassFixture<TestSshd> sshd = ClassFixture.of(TestSshd::start);

    @TempDir
    Path tmp;

    @Test
    void acceptingANewHostKeyIsAnEventAndOneTerminalLineNamingHostAndFingerprint() throws Exception {
        Prerequisites.require(Files.isRegularFile(Prerequisites.repoRoot().resolve("remote-agent/target/labdeck-agent.jar")),
                "the agent jar is not built (./mvnw package builds it before the controller's tests)");
        // this user's home for the run: no ~/.ssh/known_hosts, no ~/.labdeck/known_hosts — the host is new
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(home.resolve(".labdeck")); // UserDirs: ~/.labdeck when it exists
        Path profile = tmp.resolve("new-host.yaml");
        Files.writeString(profile, """
                name: new-host
                hosts:
                  far:
                    address: 127.0.0.1
                    transport: ssh
                    port: %d
                    user: %s
                    key: %s
                    roles: [src, dst]
                traffic:
                  source: far
                  sink: far
                  destination: 127.0.0.1
                  flows: 1
                  ports: %s
                  rate_pps: 1000
                  packet_size: 64
                  duration: 1s
                """.formatted(sshd.get().port, sshd.get().user, sshd.get().userKey, LoopbackRuns.freeUdpPorts(1)));

        Path dir = tmp.resolve("first");
        Path output = tmp.resolve("first.out");
        int exit = labdeck(home, output, "run", "--accept-new-host-keys", "--out", dir.toString(), profile.toString());
        String out = Files.readString(output);
        assertEquals(0, exit, out);

        // the key remembered is the key the host offered; its fingerprint is what the user compares
        Path remembered = home.resolve(".labdeck").resolve("known_hosts");
        List<String> lines = Files.readAllLines(remembered);
        assertEquals(1, lines.size(), "one line remembered: " + lines);
        String line = lines.getFirst();
        Path offeredKey = List.of(sshd.get().hostKey, sshd.get().ecdsaHostKey).stream()
                .filter(k -> {
                    try {
                        return line.equals(sshd.get().knownHostsLine(k));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .findFirst().orElseThrow(() -> new AssertionError("not one of the host's keys: " + line));
        String fingerprint = TestSshd.fingerprintOf(Path.of(offeredKey + ".pub"));
        assertTrue(fingerprint.startsWith("SHA256:"), fingerprint);

        List<JsonNode> accepted = events(dir).stream().filter(e -> e.path("kind").asText().equals("host_key.accepted")).toList();
        assertEquals(1, accepted.size(), "one host_key.accepted event: " + accepted);
        JsonNode event = accepted.getFirst();
        assertEquals("far", event.path("host").asText(), event.toString());
        assertEquals("warn", event.path("level").asText().toLowerCase(java.util.Locale.ROOT), event.toString());
        assertTrue(event.path("message").asText().contains(fingerprint), event.toString());
        assertTrue(event.path("message").asText().contains("[127.0.0.1]:" + sshd.get().port), event.toString());
        assertTrue(event.path("message").asText().contains(remembered + ":1"), event.toString());

        List<String> terminal = out.lines().filter(l -> l.contains(fingerprint)).toList();
        assertEquals(1, terminal.size(), "one terminal line names the fingerprint: " + out);
        assertTrue(terminal.getFirst().contains("far: ") && terminal.getFirst().contains("accepted the new host key"),
                terminal.getFirst());

        // remembered: a second run accepts nothing, says nothing about host keys
        Path again = tmp.resolve("second");
        Path output2 = tmp.resolve("second.out");
        assertEquals(0, labdeck(home, output2, "run", "--accept-new-host-keys", "--out", again.toString(), profile.toString()),
                Files.readString(output2));
        assertTrue(events(again).stream().noneMatch(e -> e.path("kind").asText().startsWith("host_key")), events(again).toString());
        assertTrue(!Files.readString(output2).contains(fingerprint), Files.readString(output2));
        assertEquals(lines, Files.readAllLines(remembered), "nothing more remembered");
    }

    private static List<JsonNode> events(Path dir) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("events.jsonl"))) {
            if (!l.isBlank()) {
                events.add(ProtocolJson.mapper().readTree(l));
            }
        }
        return events;
    }

    /** {@code labdeck ARGS} as its own JVM with {@code home} as the user's home; stdout and stderr into {@code output}. */
    private static int labdeck(Path home, Path output, String... args) throws Exception {
        Process p = LabdeckTerminal.start(output, home, List.of(args));
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("labdeck " + String.join(" ", args) + " did not end in 180 s: "
                    + Files.readString(output, StandardCharsets.UTF_8));
        }
        return p.exitValue();
    }
}
