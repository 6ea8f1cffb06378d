package dev.labdeck.agent.journal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An interface's promiscuous flag as {@code ip link} shows it ({@code PROMISC}: set by a program,
 * as DPDK's af_packet port does, not by a packet socket's membership), read and cleared with
 * iproute2 in this process's network namespace.
 */
public final class PromiscuousInterfaces {
    private PromiscuousInterfaces() {}

    /** Whether {@code interfaceName} is in promiscuous mode; empty when there is no such interface. */
    public static Optional<Boolean> on(String interfaceName) {
        try {
            String out = run("ip", "-j", "link", "show", "dev", interfaceName);
            JsonNode link = ProtocolJson.mapper().readTree(out).path(0);
            if (link.isMissingNode()) return Optional.empty();
            for (JsonNode flag : link.path("flags")) {
                if (flag.asText().equals("PROMISC")) return Optional.of(true);
            }
            return Optional.of(false);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Takes {@code interfaceName} out of promiscuous mode. */
    public static void off(String interfaceName) throws IOException {
        run("ip", "link", "set", "dev", interfaceName, "promisc", "off");
    }

    /** This process's network namespace (its inode), as journals record it. */
    public static String currentNamespace() {
        return NetworkNamespace.current();
    }

    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not answer within 10 s");
            }
            if (p.exitValue() != 0) throw new IOException(String.join(" ", command) + ": " + out);
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
