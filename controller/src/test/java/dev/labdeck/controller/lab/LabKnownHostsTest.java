package dev.labdeck.controller.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabKnownHostsTest {

    private static LabHost host(String name, String address, String key) {
        return new LabHost(name, "l1-" + name, "l1-" + name, "mgmt0", address, 22, 1, "/x", key);
    }

    @Test
    void addsTheLabsLinesKeepsOthersAndReplacesAStaleKeyForTheSameAddress(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("known_hosts");
        Files.write(file, List.of("example.org ssh-ed25519 AAAAother", "10.9.0.2 ssh-ed25519 AAAAstale old"));
        LabKnownHosts kh = new LabKnownHosts(file);
        kh.add("l1", List.of(host("src", "10.9.0.2", "ssh-ed25519 AAAAsrc labdeck-lab:l1/src"),
                host("dst", "10.9.0.3", "ssh-ed25519 AAAAdst labdeck-lab:l1/dst")));
        assertEquals(List.of("example.org ssh-ed25519 AAAAother", "10.9.0.2 ssh-ed25519 AAAAsrc labdeck-lab:l1/src",
                "10.9.0.3 ssh-ed25519 AAAAdst labdeck-lab:l1/dst"), Files.readAllLines(file));
    }

    @Test
    void removesOnlyTheLabsLinesAndIsSafeTwice(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("known_hosts");
        Files.write(file, List.of("a ssh-ed25519 AAAA labdeck-lab:l1/src", "b ssh-ed25519 BBBB labdeck-lab:l12/src",
                "c ssh-ed25519 CCCC"));
        LabKnownHosts kh = new LabKnownHosts(file);
        assertEquals(1, kh.remove("l1"));
        assertEquals(0, kh.remove("l1"));
        assertEquals(List.of("b ssh-ed25519 BBBB labdeck-lab:l12/src", "c ssh-ed25519 CCCC"), Files.readAllLines(file));
    }

    @Test
    void aPortOtherThan22IsBracketed() {
        assertEquals("[10.9.0.2]:2222", LabKnownHosts.hostPattern("10.9.0.2", 2222));
        assertEquals("10.9.0.2", LabKnownHosts.hostPattern("10.9.0.2", 22));
    }
}
