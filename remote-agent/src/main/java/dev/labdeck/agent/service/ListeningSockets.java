package dev.labdeck.agent.service;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Whether something listens on a unix socket or TCP port, read from {@code /proc/net} of the
 * agent's network namespace: no connection is made, so a service never sees a probe as a client.
 */
final class ListeningSockets {
    /** __SO_ACCEPTCON in the Flags column of /proc/net/unix: the socket is listening. */
    private static final int SO_ACCEPTCON = 0x10000;
    private static final String TCP_LISTEN = "0A";

    private ListeningSockets() {}

    /**
     * A listening unix socket with this path; {@code @name} is the abstract namespace (where the
     * kernel also shows it with a leading {@code @}).
     */
    static boolean unixListening(String path) {
        return unixListening(Path.of("/proc/net/unix"), path);
    }

    static boolean unixListening(Path procNetUnix, String path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(procNetUnix);
        } catch (IOException e) {
            return false;
        }
        // Num RefCount Protocol Flags Type St Inode Path
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+", 8);
            if (f.length < 8) {
                continue;
            }
            int flags = (int) Long.parseLong(f[3], 16);
            if ((flags & SO_ACCEPTCON) != 0 && f[7].equals(path)) {
                return true;
            }
        }
        return false;
    }

    /** A TCP socket listening on {@code port} (any address, v4 or v6). */
    static boolean tcpListening(int port) {
        Path v4 = Path.of("/proc/net/tcp");
        if (!Files.exists(v4)) {
            // not Linux: fall back to connecting on loopback
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        return tcpListening(v4, port) || tcpListening(Path.of("/proc/net/tcp6"), port);
    }

    static boolean tcpListening(Path procNetTcp, int port) {
        List<String> lines;
        try {
            lines = Files.readAllLines(procNetTcp);
        } catch (IOException e) {
            return false;
        }
        String wanted = String.format(Locale.ROOT, ":%04X", port);
        // sl local_address rem_address st ...
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length > 3 && f[1].endsWith(wanted) && f[3].equals(TCP_LISTEN)) {
                return true;
            }
        }
        return false;
    }
}
