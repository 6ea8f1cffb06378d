package dev.labdeck.agent.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where this host's packets to a destination leave: the interface, the source address and the
 * next hop's MAC address, from the kernel's routing and neighbour tables ({@code ip -j route get},
 * {@code ip -j neigh}). What an engine that writes whole Ethernet frames needs.
 *
 * @param device    the egress interface, e.g. {@code data0}
 * @param source    the address the kernel would send from
 * @param sourceMac the interface's MAC address
 * @param nextHopMac the MAC of the destination or its gateway
 * @param mtu       the interface's MTU
 */
record EgressRoute(String device, Inet4Address source, byte[] sourceMac, byte[] nextHopMac, int mtu) {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Resolves the route to {@code destination} (from {@code bind} when given).
     *
     * @throws IOException with the reason in words when there is no route, no neighbour entry, or no {@code ip}
     */
    static EgressRoute resolve(Inet4Address destination, InetAddress bind) throws IOException {
        String dst = destination.getHostAddress();
        JsonNode route = bind == null ? ip("route", "get", dst) : ip("route", "get", dst, "from", bind.getHostAddress());
        JsonNode r = route.path(0);
        String dev = r.path("dev").asText("");
        if (dev.isEmpty()) throw new IOException("no route to " + dst);
        String src = r.path("prefsrc").asText(bind == null ? "" : bind.getHostAddress());
        if (src.isEmpty()) throw new IOException("the route to " + dst + " via " + dev + " names no source address");
        String nextHop = r.path("gateway").asText(dst);
        byte[] nextHopMac = resolvedNeighbour(nextHop, dev, bind);
        // ip, not /sys/class/net: sysfs may show another namespace than this process's
        JsonNode link = ip("link", "show", "dev", dev).path(0);
        byte[] mac = mac(link.path("address").asText("00:00:00:00:00:00"));
        int mtu = link.path("mtu").asInt(1500);
        return new EgressRoute(dev, (Inet4Address) InetAddress.getByName(src), mac, nextHopMac, mtu);
    }

    /** The interface the kernel routes {@code destination} through, or null when it cannot tell. */
    static String device(InetAddress destination, InetAddress bind) {
        try {
            String dst = destination.getHostAddress();
            JsonNode route = bind == null ? ip("route", "get", dst) : ip("route", "get", dst, "from", bind.getHostAddress());
            String dev = route.path(0).path("dev").asText("");
            return dev.isEmpty() ? null : dev;
        } catch (IOException e) {
            return null;
        }
    }

    /** How long to wait for the kernel to resolve a neighbour it had no entry for. */
    private static final Duration RESOLVE_WITHIN = Duration.ofSeconds(2);

    /**
     * The MAC of {@code address} on {@code dev}; without a neighbour entry yet (a fresh lab, before
     * any traffic), one datagram to its discard port makes the kernel resolve it.
     */
    private static byte[] resolvedNeighbour(String address, String dev, InetAddress bind) throws IOException {
        try {
            return neighbour(address, dev);
        } catch (IOException none) {
            try (java.nio.channels.DatagramChannel ch = java.nio.channels.DatagramChannel.open(java.net.StandardProtocolFamily.INET)) {
                if (bind != null) ch.bind(new java.net.InetSocketAddress(bind, 0));
                ch.send(java.nio.ByteBuffer.allocate(1), new java.net.InetSocketAddress(InetAddress.getByName(address), 9));
            } catch (IOException e) {
                throw none;
            }
            long deadline = System.nanoTime() + RESOLVE_WITHIN.toNanos();
            while (true) {
                try {
                    return neighbour(address, dev);
                } catch (IOException stillNone) {
                    if (System.nanoTime() > deadline) throw stillNone;
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
            }
        }
    }

    private static byte[] neighbour(String address, String dev) throws IOException {
        for (JsonNode n : ip("neigh", "show", "to", address, "dev", dev)) {
            String lladdr = n.path("lladdr").asText("");
            List<String> states = n.path("state").isArray()
                    ? java.util.stream.StreamSupport.stream(n.path("state").spliterator(), false).map(JsonNode::asText).toList()
                    : List.of();
            if (!lladdr.isEmpty() && !states.contains("FAILED") && !states.contains("INCOMPLETE")) return mac(lladdr);
        }
        throw new IOException("no neighbour entry (ARP) for " + address + " on " + dev
                + "; the kernel has not resolved its MAC address yet");
    }

    static byte[] mac(String text) {
        return HexFormat.ofDelimiter(":").parseHex(text);
    }

    /** The interface's transmitted-packets counter, from this process's network namespace. */
    static long txPackets(String device) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/net/dev"))) {
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(0, colon).strip().equals(device)) continue;
            String[] f = line.substring(colon + 1).strip().split("\\s+");
            return Long.parseLong(f[9]);
        }
        throw new IOException("interface " + device + " is not in /proc/self/net/dev");
    }

    static JsonNode ip(String... args) throws IOException {
        String[] command = new String[args.length + 2];
        command[0] = "ip";
        command[1] = "-j";
        System.arraycopy(args, 0, command, 2, args.length);
        String text = run(command);
        return ProtocolJson.mapper().readTree(text.isEmpty() ? "[]" : text);
    }

    /** Runs a command, answering its output; a non-zero exit or a hang is an IOException naming it. */
    static String run(String... command) throws IOException {
        // stderr apart: a warning there (ip netns list-id on a namespace going away) must not spoil the JSON on stdout
        Process p = new ProcessBuilder(command).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not answer within " + COMMAND_TIMEOUT.toSeconds() + " s");
            }
            String text = new String(out).strip();
            if (p.exitValue() != 0) throw new IOException(String.join(" ", command) + ": " + (new String(err).strip() + " " + text).strip());
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        } finally {
            p.destroy();
        }
    }
}
