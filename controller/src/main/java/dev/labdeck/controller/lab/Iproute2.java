package dev.labdeck.controller.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labdeck.controller.transport.CommandResult;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lab's iproute2: each change is one {@code ip} command run as an argument list, and each
 * observation is read from {@code ip -j} as records, never parsed from the human output.
 * A {@code namespace} of null means the root namespace.
 */
public final class Iproute2 {
    private final CommandRunner cmd;
    private final ObjectMapper json = ProtocolJson.mapper();

    public Iproute2(CommandRunner cmd) {
        this.cmd = cmd;
    }

    /** An interface as {@code ip -j addr show} reports it. */
    record Link(String name, boolean up, String mac, List<Address> addresses) {
        boolean has(String address) {
            return addresses.stream().anyMatch(a -> a.local().equals(address));
        }
    }

    /** One address of an interface; {@code family} is {@code inet} or {@code inet6}. */
    record Address(String family, String local, int prefixLength) {}

    /** A route of the root namespace's main table; {@code destination} is a prefix or {@code default}. */
    record Route(String destination, String device) {}

    /** A neighbour entry; {@code states} as iproute2 names them ({@code PERMANENT}, {@code REACHABLE}, ...). */
    record Neighbour(String address, String mac, List<String> states) {
        boolean permanent() {
            return states.contains("PERMANENT");
        }
    }

    // ----------------------------------------------------------------------------- observe

    /** An interface's packet and byte counters, as {@code ip -s link} shows them (the kernel's own). */
    public record LinkCounters(long txPackets, long txBytes, long rxPackets, long rxBytes) {}

    /** The kernel's counters of {@code device} in {@code namespace} ({@code ip -s -j -n NS link show dev DEVICE}). */
    public LinkCounters counters(String namespace, String device) throws LabException {
        List<JsonNode> links = ipJson(namespace, "-s", "link", "show", "dev", device);
        JsonNode stats = links.isEmpty() ? null : links.getFirst().get("stats64");
        if (stats == null) {
            throw new LabException("ip -s -j link gave no counters for " + device + (namespace == null ? "" : " in " + namespace));
        }
        return new LinkCounters(stats.path("tx").path("packets").asLong(), stats.path("tx").path("bytes").asLong(),
                stats.path("rx").path("packets").asLong(), stats.path("rx").path("bytes").asLong());
    }

    /** Every interface of the namespace with its addresses. */
    List<Link> links(String namespace) throws LabException {
        return ipJson(namespace, "addr", "show").stream().map(Iproute2::link).toList();
    }

    /** One interface, if the namespace has it. */
    Optional<Link> link(String namespace, String device) throws LabException {
        return ipJson(namespace, "addr", "show", "dev", device).stream().map(Iproute2::link).findFirst();
    }

    List<Route> routes() throws LabException {
        return ipJson(null, "route", "show").stream()
                .map(r -> new Route(r.path("dst").asText(""), r.path("dev").asText("?"))).toList();
    }

    List<Neighbour> neighbours(String namespace, String device) throws LabException {
        return ipJson(namespace, "neigh", "show", "dev", device).stream()
                .map(n -> new Neighbour(n.path("dst").asText(""), n.path("lladdr").asText(""), words(n.path("state"))))
                .toList();
    }

    /** Every named network namespace on the machine. */
    List<String> namespaces() throws LabException {
        return ipJson(null, "netns", "list").stream().map(n -> n.path("name").asText("")).toList();
    }

    /** The processes running in a namespace (empty when it is gone). */
    List<Long> pids(String namespace) throws LabException {
        CommandResult r = cmd.run(List.of(ip(), "netns", "pids", namespace));
        if (!r.ok()) {
            return List.of();
        }
        return r.stdout().lines().map(String::strip).filter(s -> s.matches("\\d+")).map(Long::parseLong).toList();
    }

    // ------------------------------------------------------------------------------ change

    void addNamespace(String namespace) throws LabException {
        ip(null, "netns", "add", namespace);
        ip(namespace, "link", "set", "lo", "up");
    }

    void addBridge(String bridge) throws LabException {
        ip(null, "link", "add", bridge, "type", "bridge");
    }

    /** A veth pair whose ends may each be in a namespace (null: the root namespace). */
    void addVeth(String name, String namespace, String peer, String peerNamespace) throws LabException {
        List<String> args = new ArrayList<>(List.of("link", "add", name));
        if (namespace != null) {
            args.addAll(List.of("netns", namespace));
        }
        args.addAll(List.of("type", "veth", "peer", "name", peer));
        if (peerNamespace != null) {
            args.addAll(List.of("netns", peerNamespace));
        }
        ip(null, args.toArray(String[]::new));
    }

    void setMaster(String device, String bridge) throws LabException {
        ip(null, "link", "set", device, "master", bridge);
    }

    void setUp(String namespace, String device) throws LabException {
        ip(namespace, "link", "set", device, "up");
    }

    /** No IPv6 link-local address or DAD on the interface: nothing crosses it but what a test sends. */
    void disableAddressGeneration(String namespace, String device) throws LabException {
        ip(namespace, "link", "set", device, "addrgenmode", "none");
    }

    void addAddress(String namespace, String device, String address, int prefixLength) throws LabException {
        ip(namespace, "addr", "add", address + "/" + prefixLength, "dev", device);
    }

    void setPermanentNeighbour(String namespace, String device, String address, String mac) throws LabException {
        ip(namespace, "neigh", "replace", address, "lladdr", mac, "dev", device, "nud", "permanent");
    }

    /** Deletes a namespace; the error carries iproute2's reason. */
    CommandResult deleteNamespace(String namespace) throws LabException {
        return cmd.run(List.of(ip(), "netns", "del", namespace));
    }

    CommandResult deleteLink(String device) throws LabException {
        return cmd.run(List.of(ip(), "link", "del", device));
    }

    /** {@code ip netns exec NAMESPACE command...}: runs a program inside a namespace. */
    public CommandResult exec(String namespace, List<String> command) throws LabException {
        List<String> c = new ArrayList<>(List.of(ip(), "netns", "exec", namespace));
        c.addAll(command);
        return cmd.run(c);
    }

    // ----------------------------------------------------------------------------- helpers

    public static String ip() {
        return LabPreconditions.find("ip").map(Path::toString).orElse("ip");
    }

    private void ip(String namespace, String... args) throws LabException {
        cmd.check(command(namespace, false, args));
    }

    /** Runs {@code ip -j [-n ns] ...} and returns the JSON array it prints (empty when it printed nothing or failed). */
    private List<JsonNode> ipJson(String namespace, String... args) throws LabException {
        List<String> c = command(namespace, true, args);
        CommandResult r = cmd.run(c);
        if (!r.ok() || r.stdout().isBlank()) {
            return List.of();
        }
        try {
            List<JsonNode> out = new ArrayList<>();
            json.readTree(r.stdout()).forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new LabException("cannot read the output of '" + String.join(" ", c) + "': " + e.getMessage(), e);
        }
    }

    private static List<String> command(String namespace, boolean json, String... args) {
        List<String> c = new ArrayList<>();
        c.add(ip());
        if (json) {
            c.add("-j");
        }
        if (namespace != null) {
            c.addAll(List.of("-n", namespace));
        }
        c.addAll(List.of(args));
        return c;
    }

    private static Link link(JsonNode l) {
        List<Address> addresses = new ArrayList<>();
        for (JsonNode a : l.path("addr_info")) {
            addresses.add(new Address(a.path("family").asText(""), a.path("local").asText(""), a.path("prefixlen").asInt(32)));
        }
        return new Link(l.path("ifname").asText(""), words(l.path("flags")).contains("UP"), l.path("address").asText(""),
                List.copyOf(addresses));
    }

    private static List<String> words(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(w -> out.add(w.asText()));
        return out;
    }
}
