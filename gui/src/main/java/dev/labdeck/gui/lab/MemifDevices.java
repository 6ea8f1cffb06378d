package dev.labdeck.gui.lab;

import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.ServiceSpec;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The DPDK memif device (net_memif0 ...) a service's command opens on a socket, for the topology's link ends. */
final class MemifDevices {
    private MemifDevices() {}

    private static final Pattern VDEV = Pattern.compile("--vdev=?(net_memif\\d+)(?:,(.*))?");

    /** The device of {@code service} on {@code host} whose socket is {@code socket} (DPDK's default /run/memif.sock), or null. */
    static String device(HostSpec host, String service, String socket) {
        String wanted = socket == null ? "/run/memif.sock" : socket.replaceFirst("^@", "");
        for (ServiceSpec s : host.services()) {
            if (!s.name().equals(service)) continue;
            List<String> cmd = s.command();
            for (int i = 0; i < cmd.size(); i++) {
                String arg = cmd.get(i).equals("--vdev") && i + 1 < cmd.size() ? "--vdev=" + cmd.get(i + 1) : cmd.get(i);
                Matcher m = VDEV.matcher(arg);
                if (!m.matches()) continue;
                String sock = "/run/memif.sock";
                for (String kv : (m.group(2) == null ? "" : m.group(2)).split(",")) {
                    if (kv.startsWith("socket=")) sock = kv.substring("socket=".length()).replaceFirst("^@", "");
                }
                if (sock.equals(wanted)) return m.group(1);
            }
        }
        return null;
    }
}
