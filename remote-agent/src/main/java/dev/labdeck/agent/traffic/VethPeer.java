package dev.labdeck.agent.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Optional;

/**
 * Whether a veth's peer takes XDP frames: veth delivers frames transmitted with XDP only when the
 * peer has an XDP program attached or GRO on; otherwise they vanish while the sender counts them.
 * Read from the kernel ({@code ip -d link}, {@code ethtool -k}), in the peer's named network
 * namespace when it has one, so checking sends nothing.
 *
 * @param peer      the peer's interface name, with its namespace when it lives in another
 * @param accepts   empty when it cannot be told (an unnamed namespace, no ethtool)
 * @param why       what was found, in words
 */
record VethPeer(String peer, Optional<Boolean> accepts, String why) {

    /** The peer of {@code device}, or empty when {@code device} is not a veth. */
    static Optional<VethPeer> of(String device) {
        try {
            JsonNode link = EgressRoute.ip("-d", "link", "show", "dev", device).path(0);
            if (!"veth".equals(link.path("linkinfo").path("info_kind").asText())) return Optional.empty();
            int peerIndex = link.path("link_index").asInt(-1);
            String namespace = null;
            if (link.has("link_netnsid")) {
                int nsid = link.path("link_netnsid").asInt();
                for (JsonNode ns : EgressRoute.ip("netns", "list-id")) {
                    if (ns.path("nsid").asInt(-1) == nsid) namespace = ns.path("name").asText(null);
                }
                if (namespace == null) {
                    return Optional.of(new VethPeer("ifindex " + peerIndex + " in netns id " + nsid, Optional.empty(),
                            "its peer lives in an unnamed network namespace"));
                }
            }
            JsonNode links = namespace == null ? EgressRoute.ip("-d", "link", "show")
                    : EgressRoute.ip("-n", namespace, "-d", "link", "show");
            JsonNode peer = null;
            for (JsonNode l : links) {
                if (l.path("ifindex").asInt() == peerIndex) peer = l;
            }
            if (peer == null) return Optional.of(new VethPeer("ifindex " + peerIndex, Optional.empty(), "its peer was not found"));
            String name = peer.path("ifname").asText() + (namespace == null ? "" : " (netns " + namespace + ")");
            if (peer.has("xdp")) return Optional.of(new VethPeer(name, Optional.of(true), "the peer has an XDP program"));
            String features = namespace == null ? EgressRoute.run("ethtool", "-k", peer.path("ifname").asText())
                    : EgressRoute.run("ip", "netns", "exec", namespace, "ethtool", "-k", peer.path("ifname").asText());
            boolean gro = features.lines().anyMatch(l -> l.strip().equals("generic-receive-offload: on"));
            return Optional.of(new VethPeer(name, Optional.of(gro), gro ? "the peer has GRO on"
                    : "the peer has no XDP program and GRO is off"));
        } catch (IOException e) {
            return Optional.of(new VethPeer(device + "'s peer", Optional.empty(), e.getMessage()));
        }
    }

    /** What to run so the peer takes XDP frames. */
    String remedy() {
        int ns = peer.indexOf(" (netns ");
        String name = ns < 0 ? peer : peer.substring(0, ns);
        return ns < 0 ? "ethtool -K " + name + " gro on"
                : "ip netns exec " + peer.substring(ns + 8, peer.length() - 1) + " ethtool -K " + name + " gro on";
    }
}
