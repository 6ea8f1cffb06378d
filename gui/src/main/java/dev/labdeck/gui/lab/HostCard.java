package dev.labdeck.gui.lab;

import java.util.List;
import java.util.Set;

/**
 * A host as the topology canvas draws it.
 *
 * @param xdp      one line per XDP program attached on this host, e.g. "XDP builtin:count on veth0"
 * @param services the host's service names in profile order
 * @param serviceNodes the same services placed for drawing, with cores and memif roles
 */
public record HostCard(String name, String address, boolean local, Set<String> roles, List<String> xdp,
                       List<String> services, List<ServiceNode> serviceNodes, double x, double y) {}
