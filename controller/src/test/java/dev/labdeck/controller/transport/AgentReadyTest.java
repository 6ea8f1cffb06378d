package dev.labdeck.controller.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentReadyTest {

    @Test
    void readsPortAndPidFromTheReadyFile() throws IOException {
        assertEquals(new AgentReady(41234, 777), AgentReady.parse("{\"port\":41234,\"pid\":777}\n"));
    }

    @Test
    void refusesAReadyFileWithoutPort() {
        assertThrows(IOException.class, () -> AgentReady.parse("{\"pid\":1}"));
    }

    @Test
    void tokenFileIsOwnerOnlyAndTokensDiffer(@TempDir Path dir) throws IOException {
        String token = AgentToken.generate();
        Path file = dir.resolve("token");
        AgentToken.writeFile(file, token);
        assertEquals(token, Files.readString(file).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(43, token.length());
        org.junit.jupiter.api.Assertions.assertNotEquals(token, AgentToken.generate());
    }

    @Test
    void wildcardBindIsReachedOverLoopback() {
        assertEquals("127.0.0.1", LocalTransport.connectAddress("0.0.0.0"));
        assertEquals("[::1]", LocalTransport.connectAddress("::"));
        assertEquals("10.0.0.1", LocalTransport.connectAddress("10.0.0.1"));
        assertEquals("[fe80::1]", LocalTransport.connectAddress("fe80::1"));
    }
}
