package dev.labdeck.agent.xdp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process may attach XDP: CAP_NET_ADMIN and CAP_BPF (or CAP_SYS_ADMIN) in CapEff. */
final class LinuxCapabilities {
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_BPF = 39;

    private LinuxCapabilities() {}

    /** Null when allowed, else what is missing and how to get it. */
    static String missingForXdp() {
        long eff;
        try {
            eff = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("CapEff:"))
                    .map(l -> Long.parseUnsignedLong(l.substring(7).trim(), 16))
                    .findFirst().orElse(-1L);
        } catch (IOException | NumberFormatException e) {
            return null; // cannot tell; let the kernel decide and say why
        }
        if (eff == -1L) return null;
        boolean netAdmin = (eff & (1L << CAP_NET_ADMIN)) != 0;
        boolean bpf = (eff & (1L << CAP_BPF)) != 0 || (eff & (1L << CAP_SYS_ADMIN)) != 0;
        if (netAdmin && bpf) return null;
        return "the agent lacks " + (netAdmin ? "" : "CAP_NET_ADMIN ") + (bpf ? "" : "CAP_BPF ")
                + "(run it as root or grant the capabilities)";
    }
}
