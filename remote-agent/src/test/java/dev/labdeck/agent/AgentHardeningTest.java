package dev.labdeck.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a hostile or broken client or a careless setup cannot do to the agent. */
class AgentHardeningTest {
    @TempDir
    Path dir;

    @Test
    void aTokenFileOthersCanReadIsRefused() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "s3cret\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentMain.readToken(token, new ArrayList<>()));
        assertTrue(e.getMessage().contains("readable or writable by others (rw-r--r--)")
                && e.getMessage().contains("chmod 600 " + token), e.getMessage());

        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        assertEquals("s3cret", AgentMain.readToken(token, new ArrayList<>()));
    }

    @Test
    void anAgentGivenAReadableTokenFileDoesNotStart() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "s3cret\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-rw-r--"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.labdeck.agent.AgentMain", "--port", "0",
                "--token-file", token.toString(), "--state-dir", dir.resolve("state").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("make it mode 0600"), out);
    }

    @Test
    void aRequestWhoseHeadersOrBodyNeverCompleteIsCutOff() throws Exception {
        try (AgentProcess agent = AgentProcess.start(dir, "--heartbeat-timeout-ms", "0", "--request-timeout-s", "1")) {
            for (String stalled : List.of(
                    "GET /v1/info HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ",           // headers never end
                    "POST /v1/session HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + agent.token
                            + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"run_id\":")) { // body never ends
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", agent.port));
                    s.setSoTimeout(15_000); // a deadline for the test, far above the agent's 1 s
                    OutputStream out = s.getOutputStream();
                    out.write(stalled.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    InputStream in = s.getInputStream();
                    try {
                        while (in.read() >= 0) {
                            // whatever comes, the connection must end
                        }
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("the agent kept a stalled request open: " + stalled.lines().findFirst().orElse(""));
                    } catch (java.net.SocketException reset) {
                        // closed by the agent: what we want
                    }
                }
            }
            assertEquals(200, agent.get("/v1/info").statusCode(), "the agent still serves others");
        }
    }
}
