package dev.labdeck.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A veth pair made for one test (root and iproute2 needed; gate with {@link Prerequisites#requireRoot()}): {@code outer} stays in this (root) namespace, {@code inner} lives
 * in a network namespace of its own, both named uniquely so tests of other engineers on the same
 * machine never collide. XDP goes on {@code outer}; traffic is sent from the namespace.
 */
public final class VethPair implements AutoCloseable {
    public final String namespace;
    public final String outer;
    public final String inner;
    public final String outerAddress;
    public final String innerAddress;

    private VethPair(String id, int octet) {
        namespace = "ldxns" + id;
        outer = "ldx" + id + "o";
        inner = "ldx" + id + "i";
        outerAddress = "10.199." + octet + ".1";
        innerAddress = "10.199." + octet + ".2";
    }

    /** Creates the pair; {@code staticNeighbour} spares the namespace an ARP exchange. */
    public static VethPair create(boolean staticNeighbour) throws IOException {
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        VethPair p = new VethPair(id, ThreadLocalRandom.current().nextInt(1, 254));
        try {
            run("ip", "netns", "add", p.namespace);
            run("ip", "link", "add", p.outer, "type", "veth", "peer", "name", p.inner, "netns", p.namespace);
            run("ip", "addr", "add", p.outerAddress + "/30", "dev", p.outer);
            run("ip", "link", "set", p.outer, "up");
            run("ip", "-n", p.namespace, "addr", "add", p.innerAddress + "/30", "dev", p.inner);
            run("ip", "-n", p.namespace, "link", "set", p.inner, "up");
            run("ip", "-n", p.namespace, "link", "set", "lo", "up");
            if (staticNeighbour) {
                String mac = run("cat", "/sys/class/net/" + p.outer + "/address").strip();
                run("ip", "-n", p.namespace, "neigh", "replace", p.outerAddress, "lladdr", mac, "dev", p.inner, "nud", "permanent");
            }
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /** Sends {@code perPort} one-byte UDP datagrams to each port from inside the namespace. */
    public void send(List<Integer> ports, int perPort) throws IOException {
        StringBuilder script = new StringBuilder();
        for (int port : ports) {
            script.append("for i in $(seq 1 ").append(perPort).append("); do printf x > /dev/udp/")
                    .append(outerAddress).append('/').append(port).append("; done\n");
        }
        run("ip", "netns", "exec", namespace, "bash", "-c", script.toString());
    }

    /** {@code ip link show dev outer}, the way a user checks for an attached program. */
    public String ipLink() throws IOException {
        return run("ip", "link", "show", "dev", outer);
    }

    @Override
    public void close() {
        // deleting the namespace deletes the inner end and with it the outer end
        quiet("ip", "link", "del", outer);
        quiet("ip", "netns", "del", namespace);
    }

    /** Runs a command, failing with its output when it exits non-zero. */
    public static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": timed out");
            }
            if (p.exitValue() != 0) throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + out);
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void quiet(String... command) {
        try {
            List<String> c = new ArrayList<>(List.of(command));
            new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            // nothing to clean
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
