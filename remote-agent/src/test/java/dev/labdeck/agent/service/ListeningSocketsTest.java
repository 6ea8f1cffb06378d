package dev.labdeck.agent.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListeningSocketsTest {

    @Test
    void readsAbstractAndPathSocketsFromProcNetUnix(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("unix");
        Files.writeString(f, """
                Num       RefCount Protocol Flags    Type St Inode Path
                000000008e9bdcee: 00000002 00000000 00010000 0005 01 17452 /var/run/dpdk/a/dpdk_telemetry.v2
                00000000748daeda: 00000002 00000000 00010000 0005 01 17451 @/run/memif.sock
                0000000042978209: 00000002 00000000 00000000 0002 01 17309 /var/run/dpdk/a/mp_socket
                0000000042978210: 00000003 00000000 00000000 0005 03 17310 @/run/memif.sock
                """);
        assertTrue(ListeningSockets.unixListening(f, "@/run/memif.sock"));
        assertTrue(ListeningSockets.unixListening(f, "/var/run/dpdk/a/dpdk_telemetry.v2"));
        assertFalse(ListeningSockets.unixListening(f, "/var/run/dpdk/a/mp_socket"), "a datagram socket does not listen");
        assertFalse(ListeningSockets.unixListening(f, "/run/memif.sock"), "abstract and path names differ");
    }

    @Test
    void readsListeningTcpPorts(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tcp");
        Files.writeString(f, """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 10 0
                   1: 0100007F:A1B2 0100007F:1F91 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0 10 0
                """);
        assertTrue(ListeningSockets.tcpListening(f, 8080));
        assertFalse(ListeningSockets.tcpListening(f, 8081));
        assertFalse(ListeningSockets.tcpListening(f, 0xA1B2), "an established connection is not listening");
    }
}
