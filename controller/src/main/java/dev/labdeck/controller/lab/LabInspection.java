package dev.labdeck.controller.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * What of a lab is on the machine right now, observed with {@code ip -j}, {@code ethtool}, the
 * sshds' pid files and their ports, and compared with what state.json says was built.
 */
final class LabInspection {
    private final Iproute2 ip;
    private final Ethtool ethtool;
    private final LabFiles files;
    private final LabSshd sshd;

    LabInspection(Iproute2 ip, Ethtool ethtool, LabFiles files, LabSshd sshd) {
        this.ip = ip;
        this.ethtool = ethtool;
        this.files = files;
        this.sshd = sshd;
    }

    /** Looks at what of the lab is on the machine; never changes anything. */
    LabStatus inspect(String name) throws LabException {
        List<String> problems = new ArrayList<>();
        LabState state = null;
        try {
            state = files.readState(name).orElse(null);
        } catch (LabException e) {
            problems.add(e.getMessage());
        }
        List<String> namespaces = ip.namespaces().stream().filter(n -> n.startsWith(name + "-")).toList();
        List<Iproute2.Link> rootLinks = ip.links(null).stream().filter(l -> l.name().startsWith(name + "-")).toList();
        List<String> rootLinkNames = rootLinks.stream().map(Iproute2.Link::name).toList();
        List<String> leftovers = new ArrayList<>();
        namespaces.forEach(ns -> leftovers.add("namespace " + ns));
        rootLinkNames.forEach(l -> leftovers.add("interface " + l));
        if (files.labDirExists(name)) {
            leftovers.add("directory " + files.paths().labDir(name));
        }
        List<Long> sshds = sshd.processes(name);
        if (!sshds.isEmpty()) {
            leftovers.add("sshd processes " + sshds);
        }
        if (state == null) {
            if (!leftovers.isEmpty() && problems.isEmpty()) {
                problems.add("lab " + name + " has no state.json but parts of it are left: " + String.join(", ", leftovers));
            }
            return new LabStatus(name, null, List.of(), List.of(), leftovers, problems);
        }
        return inspect(state, namespaces, rootLinks, leftovers, problems);
    }

    private LabStatus inspect(LabState state, List<String> namespaces, List<Iproute2.Link> rootLinks, List<String> leftovers,
            List<String> problems) throws LabException {
        List<String> rootLinkNames = rootLinks.stream().map(Iproute2.Link::name).toList();

        List<LabStatus.HostStatus> hosts = new ArrayList<>();
        for (LabHost h : state.hosts()) {
            boolean nsPresent = namespaces.contains(h.namespace());
            boolean addrUp = nsPresent && ip.link(h.namespace(), h.managementInterface())
                    .map(l -> l.up() && l.has(h.managementAddress())).orElse(false);
            boolean running = LabSshd.running(h);
            boolean open = addrUp && LabSshd.answers(h);
            hosts.add(new LabStatus.HostStatus(h.name(), h.namespace(), h.managementAddress(), nsPresent, addrUp,
                    LabSshd.pid(h), running, open));
            if (!nsPresent) {
                problems.add("host " + h.name() + ": namespace " + h.namespace() + " is missing");
            } else if (!addrUp) {
                problems.add("host " + h.name() + ": " + h.managementInterface() + " is down or lost " + h.managementAddress());
            }
            if (!running) {
                problems.add("host " + h.name() + ": sshd is not running");
            } else if (!open) {
                problems.add("host " + h.name() + ": sshd does not answer on " + h.managementAddress() + ":" + h.sshPort());
            }
        }

        List<LabStatus.LinkStatus> links = new ArrayList<>();
        boolean brUp = rootLinks.stream().anyMatch(l -> l.name().equals(state.bridge()) && l.up());
        links.add(new LabStatus.LinkStatus(state.bridge(), "management bridge, controller " + state.controllerAddress(),
                rootLinkNames.contains(state.bridge()), brUp));
        if (!brUp) {
            problems.add("management bridge " + state.bridge() + " is missing or down");
        }
        for (LabHost h : state.hosts()) {
            boolean up = rootLinks.stream().anyMatch(l -> l.name().equals(h.rootInterface()) && l.up());
            links.add(new LabStatus.LinkStatus(h.rootInterface(), "management veth to " + h.name() + " ("
                    + h.managementAddress() + ")", rootLinkNames.contains(h.rootInterface()), up));
            if (!up) {
                problems.add("management veth " + h.rootInterface() + " is missing or down");
            }
        }
        LabDataLink d = state.dataLink();
        boolean srcUp = namespaces.contains(d.src().namespace()) && linkUp(d.src());
        boolean dstUp = namespaces.contains(d.dst().namespace()) && linkUp(d.dst());
        links.add(new LabStatus.LinkStatus("data", "veth src " + d.src().interfaceName() + " " + d.src().address()
                + " <-> dst " + d.dst().interfaceName() + " " + d.dst().address(), srcUp || dstUp, srcUp && dstUp));
        if (!(srcUp && dstUp)) {
            problems.add("data link src-dst is missing or down");
        } else {
            if (!permanentNeighbour(d.src(), d.dst().address())) {
                problems.add("src has no permanent neighbour entry for dst " + d.dst().address());
            }
            if (!permanentNeighbour(d.dst(), d.src().address())) {
                problems.add("dst has no permanent neighbour entry for src " + d.src().address());
            }
            for (LabDataLink.End end : List.of(d.src(), d.dst())) {
                if (!ethtool.groOn(end.namespace(), end.interfaceName())) {
                    problems.add(end.host() + ": GRO is off on " + end.interfaceName()
                            + " (XDP_TX frames would not arrive at the other end)");
                }
            }
        }
        if (state.loadBalancerLinks() == null) {
            problems.add("the lab has no veths to the memif host's load balancers (built by an older LabDeck)");
        } else {
            for (LabLoadBalancerLink lb : state.loadBalancerLinks()) {
                boolean up = namespaces.contains(lb.host().namespace()) && linkUp(lb.host())
                        && namespaces.contains(lb.memif().namespace()) && linkUp(lb.memif());
                links.add(new LabStatus.LinkStatus("lb-" + lb.side(), "veth " + lb.host().host() + " "
                        + lb.host().interfaceName() + " " + lb.host().address() + " <-> memif " + lb.memif().interfaceName()
                        + " (the " + lb.side() + "-side load balancer's port)", up, up));
                if (!up) {
                    problems.add("veth " + lb.host().host() + " " + lb.host().interfaceName() + " - memif "
                            + lb.memif().interfaceName() + " is missing or down");
                }
            }
        }
        return new LabStatus(state.name(), state, hosts, links, leftovers, problems);
    }

    private boolean linkUp(LabDataLink.End end) throws LabException {
        return ip.link(end.namespace(), end.interfaceName()).map(Iproute2.Link::up).orElse(false);
    }

    private boolean permanentNeighbour(LabDataLink.End end, String address) throws LabException {
        return ip.neighbours(end.namespace(), end.interfaceName()).stream()
                .anyMatch(n -> n.address().equals(address) && n.permanent());
    }
}
