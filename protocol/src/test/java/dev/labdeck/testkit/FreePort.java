package dev.labdeck.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A TCP port free on loopback right now, for a server a test starts itself (sshd, a fake that
 * must not answer). Another process may take it before the test binds it; servers that can, bind
 * port 0 instead and say which port they got.
 */
public final class FreePort {
    private FreePort() {}

    public static int onLoopback() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }
}
