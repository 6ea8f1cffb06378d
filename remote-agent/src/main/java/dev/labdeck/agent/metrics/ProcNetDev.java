package dev.labdeck.agent.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Interface counters from {@code /proc/self/net/dev}. Unlike {@code /sys/class/net} (which shows
 * the namespace of whoever mounted sysfs), this file always belongs to the reading process's
 * network namespace, so an agent inside a lab namespace sees that namespace's interfaces.
 */
final class ProcNetDev {
    static final Path FILE = Path.of("/proc/self/net/dev");

    private ProcNetDev() {}

    static boolean available() {
        return Files.isReadable(FILE);
    }

    static List<InterfaceCounters> read() throws IOException {
        return parse(Files.readAllLines(FILE));
    }

    static List<InterfaceCounters> parse(List<String> lines) {
        List<InterfaceCounters> out = new ArrayList<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.contains("|")) continue; // the two header lines
            String name = line.substring(0, colon).trim();
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (f.length < 16) continue;
            // receive: bytes packets errs drop fifo frame compressed multicast; transmit: bytes packets errs drop ...
            out.add(new InterfaceCounters(name, num(f[0]), num(f[1]), num(f[2]), num(f[3]),
                    num(f[8]), num(f[9]), num(f[10]), num(f[11])));
        }
        return out;
    }

    private static long num(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
