package dev.labdeck.controller.lab;

import dev.labdeck.controller.transport.CommandResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds, checks and removes a lab-in-a-box: three network namespaces ({@code <name>-src},
 * {@code <name>-dst}, {@code <name>-memif}) as hosts, a management bridge {@code <name>-br} in
 * the root namespace (the controller at .1 of the management subnet, the hosts from .2), a veth
 * data link between src and dst ({@code data0} in both) with permanent neighbour entries and GRO
 * on, veths from src and dst to the memif host for its DPDK load balancers
 * ({@link LabLoadBalancerLink}), and an OpenSSH server in each namespace on its management address, with host keys and a
 * user key generated for the lab.
 *
 * <p>It composes three parts: {@link Iproute2} (namespaces, links, addresses, read back with
 * {@code ip -j}), {@link LabSshd} (each host's OpenSSH server) and {@link LabFiles} (the lab's
 * directory, keys, state.json and known_hosts lines).
 *
 * <p>Everything in the root namespace and on disk carries the lab's name ({@code <name>-*}
 * interfaces and namespaces, {@code ~/.labdeck/labs/<name>/}, known_hosts lines commented
 * {@code labdeck-lab:<name>/...}); inside a namespace the interfaces are simply {@code mgmt0} and
 * {@code data0}, so profiles name them the same way for any lab. {@link #down} works from what it
 * finds on the machine, not only from state.json, so it cleans up after a crash too.
 */
public final class LabInABox {
    private static final Logger log = LoggerFactory.getLogger(LabInABox.class);

    public static final String DEFAULT_NAME = "labdeck";
    public static final String DEFAULT_RANGE = "10.231.0.0/16";
    /** The lab's hosts, in the order their management addresses are given out. */
    public static final List<String> HOSTS = List.of("src", "dst", "memif");
    public static final String MANAGEMENT_INTERFACE = "mgmt0";
    public static final String DATA_INTERFACE = "data0";
    public static final int SSH_PORT = LabSshd.PORT;

    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private final CommandRunner cmd = new CommandRunner();
    private final Iproute2 ip = new Iproute2(cmd);
    private final LabFiles files;
    private final LabSshd sshd;
    private final Ethtool ethtool = new Ethtool(ip);
    private final LabHugepages hugepages;

    public LabInABox() {
        this(LabPaths.ofUser());
    }

    public LabInABox(LabPaths paths) {
        this.files = new LabFiles(paths, cmd);
        this.sshd = new LabSshd(ip, files);
        this.hugepages = new LabHugepages(cmd, paths);
    }

    public LabPaths paths() {
        return files.paths();
    }

    public static String namespace(String lab, String host) {
        return lab + "-" + host;
    }

    public static String bridge(String lab) {
        return lab + "-br";
    }

    // ------------------------------------------------------------------------------------ up

    /**
     * Builds the lab, or checks it and changes nothing when it is already up.
     *
     * @param range the address range, e.g. {@code 10.231.0.0/16}; null for the lab's current
     *              range, or {@link #DEFAULT_RANGE} for a new lab
     */
    public LabUpResult up(String name, String range) throws LabException {
        return up(name, range, 0);
    }

    /**
     * Builds the lab with {@code hugepages} (default-size) hugepages reserved for it, given back at
     * {@link #down}; see {@link #up(String, String)}.
     */
    public LabUpResult up(String name, String range, int hugepages) throws LabException {
        LabName.check(name);
        if (hugepages < 0) {
            throw new LabException("--hugepages must be 0 or more, got " + hugepages);
        }
        LabPreconditions.require();
        try (LabLock ignored = LabLock.acquire()) {
            LabStatus before = status(name);
            if (before.up()) {
                if (range != null && !plan(range).range().equals(Ipv4Cidr.parse(before.state().range()))) {
                    throw new LabException("lab " + name + " is up on " + before.state().range() + ", not " + range
                            + "; run 'labdeck lab down --name " + name + "' first to move it");
                }
                int has = before.state().hugepages() == null ? 0 : before.state().hugepages();
                if (hugepages > 0 && hugepages != has) {
                    throw new LabException("lab " + name + " is up with " + has + " hugepages, not " + hugepages
                            + "; run 'labdeck lab down --name " + name + "' first to change them");
                }
                return new LabUpResult(before.state(), true, List.of());
            }
            String chosen = range != null ? range : before.state() != null ? before.state().range() : DEFAULT_RANGE;
            LabAddressPlan plan = plan(chosen);
            List<String> repaired = List.of();
            if (!before.absent()) {
                repaired = before.problems().isEmpty() ? List.of("parts of the lab were left: " + before.leftovers())
                        : before.problems();
                log.info("lab {} is there but broken ({}); removing it and building it again", name, repaired);
                downLocked(name);
            }
            checkRangeFree(plan);
            try {
                return new LabUpResult(build(name, plan, hugepages), false, repaired);
            } catch (LabException | RuntimeException e) {
                log.warn("building lab {} failed; removing what was built: {}", name, e.getMessage());
                try {
                    downLocked(name);
                } catch (LabException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }
    }

    private static LabAddressPlan plan(String range) throws LabException {
        try {
            return LabAddressPlan.of(range);
        } catch (IllegalArgumentException e) {
            throw new LabException(e.getMessage(), e);
        }
    }

    /** Refuses a range that overlaps any address or route of the root namespace, before anything is created. */
    void checkRangeFree(LabAddressPlan plan) throws LabException {
        for (Iproute2.Link link : ip.links(null)) {
            for (Iproute2.Address a : link.addresses()) {
                if (!"inet".equals(a.family())) {
                    continue;
                }
                Ipv4Cidr taken = new Ipv4Cidr(Ipv4Cidr.parseAddress(a.local()), a.prefixLength());
                if (taken.overlaps(plan.range())) {
                    throw new LabRangeInUseException("address range " + plan.range() + " is already in use on this machine: "
                            + link.name() + " has " + a.local() + "/" + taken.prefix()
                            + ". Choose another range with --subnet (e.g. 10.233.0.0/16)");
                }
            }
        }
        for (Iproute2.Route route : ip.routes()) {
            String dst = route.destination();
            if (dst.isEmpty() || dst.equals("default")) {
                continue;
            }
            Ipv4Cidr routed;
            try {
                routed = Ipv4Cidr.parse(dst);
            } catch (IllegalArgumentException notIpv4) {
                continue;
            }
            if (routed.overlaps(plan.range())) {
                throw new LabRangeInUseException("address range " + plan.range() + " is already routed on this machine: "
                        + dst + " via " + route.device() + ". Choose another range with --subnet (e.g. 10.233.0.0/16)");
            }
        }
    }

    private LabState build(String name, LabAddressPlan plan, int hugepageCount) throws LabException {
        log.info("building lab {} on {}", name, plan.range());
        files.createLabDir(name);
        // sshd needs its privilege separation directory; a systemd unit would create it, a container may not have it
        LabFiles.createDirectory(Path.of("/run/sshd"));

        Path userKey = paths().userKey(name);
        files.generateKey(userKey, LabKnownHosts.tag(name) + "user");

        int prefix = plan.management().prefix();
        String br = bridge(name);
        ip.addBridge(br);
        ip.addAddress(null, br, plan.controllerAddress(), prefix);
        ip.setUp(null, br);

        List<ManagementPort> ports = new ArrayList<>();
        for (int i = 0; i < HOSTS.size(); i++) {
            String host = HOSTS.get(i);
            ManagementPort port = new ManagementPort(host, namespace(name, host), name + "-" + host, plan.hostAddress(i));
            ip.addNamespace(port.namespace());
            ip.addVeth(port.rootInterface(), null, MANAGEMENT_INTERFACE, port.namespace());
            ip.setMaster(port.rootInterface(), br);
            ip.setUp(null, port.rootInterface());
            ip.addAddress(port.namespace(), MANAGEMENT_INTERFACE, port.address(), prefix);
            ip.setUp(port.namespace(), MANAGEMENT_INTERFACE);
            ports.add(port);
        }

        LabDataLink data = buildDataLink(name, plan);
        List<LabLoadBalancerLink> lbLinks = List.of(
                buildLoadBalancerLink(name, "client", "src", plan.srcLoadBalancerAddress(), "lbc0", plan),
                buildLoadBalancerLink(name, "server", "dst", plan.dstLoadBalancerAddress(), "lbs0", plan));
        linkNeighbours(lbLinks.get(0).host(), lbLinks.get(1).host());

        if (hugepageCount > 0) {
            // before the sshds: each runs in a mount namespace of its own (ip netns exec), a copy of the
            // mounts at its start, so a hugetlbfs mounted later would not be there for DPDK (the count is
            // recorded first: down gives the pages back after a failure further on)
            hugepages.reserve(name, hugepageCount);
        }
        List<LabHost> hosts = new ArrayList<>();
        for (ManagementPort p : ports) {
            hosts.add(sshd.start(name, p.host(), p.namespace(), p.rootInterface(), MANAGEMENT_INTERFACE, p.address(), userKey));
        }
        for (int i = 0; i < hosts.size(); i++) {
            hosts.set(i, hosts.get(i).withSshdPid(sshd.awaitListening(name, hosts.get(i))));
        }

        LabState state = new LabState(name, plan.range().toString(), br, plan.management().toString(),
                plan.controllerAddress(), List.copyOf(hosts), data, System.getProperty("user.name"),
                userKey.toString(), Instant.now().toString(), lbLinks, hugepageCount,
                hugepageCount > 0 ? LabHugepages.mountPoint(name).toString() : null);
        files.addKnownHosts(name, hosts);
        files.writeState(state);
        log.info("lab {} is up", name);
        return state;
    }

    /** A host's place on the management bridge, between creating its namespace and starting its sshd. */
    private record ManagementPort(String host, String namespace, String rootInterface, String address) {}

    /**
     * The veth link from src to dst. IPv6 address generation is off on it, so the only packets
     * crossing it are the test's (no router solicitations or DAD to count), and each end has a
     * permanent neighbour entry for the other, so no ARP request ever needs an answer. GRO is on
     * at both ends: a veth delivers frames that an XDP program sends back out (XDP_TX, redirect)
     * only when the receiving end has an XDP program or GRO on.
     */
    private LabDataLink buildDataLink(String name, LabAddressPlan plan) throws LabException {
        LabDataLink.End src = new LabDataLink.End("src", namespace(name, "src"), DATA_INTERFACE, plan.srcDataAddress(), null);
        LabDataLink.End dst = new LabDataLink.End("dst", namespace(name, "dst"), DATA_INTERFACE, plan.dstDataAddress(), null);
        ip.addVeth(DATA_INTERFACE, src.namespace(), DATA_INTERFACE, dst.namespace());
        for (LabDataLink.End end : List.of(src, dst)) {
            ip.disableAddressGeneration(end.namespace(), end.interfaceName());
            ip.addAddress(end.namespace(), end.interfaceName(), end.address(), plan.data().prefix());
            ip.setUp(end.namespace(), end.interfaceName());
            ethtool.enableGro(end.namespace(), end.interfaceName());
        }
        String srcMac = mac(src.namespace(), src.interfaceName());
        String dstMac = mac(dst.namespace(), dst.interfaceName());
        ip.setPermanentNeighbour(src.namespace(), src.interfaceName(), dst.address(), dstMac);
        ip.setPermanentNeighbour(dst.namespace(), dst.interfaceName(), src.address(), srcMac);
        return new LabDataLink(plan.data().toString(),
                new LabDataLink.End(src.host(), src.namespace(), src.interfaceName(), src.address(), srcMac),
                new LabDataLink.End(dst.host(), dst.namespace(), dst.interfaceName(), dst.address(), dstMac));
    }

    /**
     * A veth from {@code host}'s {@code lb0} to the memif host's {@code memifEnd}, where a load
     * balancer attaches with net_af_packet: IPv6 off at both ends, offloads off (see
     * {@link Ethtool#disableOffloads}), an address on the outer end only.
     */
    private LabLoadBalancerLink buildLoadBalancerLink(String name, String side, String host, String address,
            String memifEnd, LabAddressPlan plan) throws LabException {
        String hostNs = namespace(name, host);
        String memifNs = namespace(name, "memif");
        ip.addVeth(LabLoadBalancerLink.HOST_INTERFACE, hostNs, memifEnd, memifNs);
        for (String[] end : List.of(new String[] {hostNs, LabLoadBalancerLink.HOST_INTERFACE}, new String[] {memifNs, memifEnd})) {
            ip.disableAddressGeneration(end[0], end[1]);
            ethtool.disableOffloads(end[0], end[1]);
        }
        ip.addAddress(hostNs, LabLoadBalancerLink.HOST_INTERFACE, address, plan.loadBalancerSubnet().prefix());
        ip.setUp(hostNs, LabLoadBalancerLink.HOST_INTERFACE);
        ip.setUp(memifNs, memifEnd);
        return new LabLoadBalancerLink(side, plan.loadBalancerSubnet().toString(),
                new LabDataLink.End(host, hostNs, LabLoadBalancerLink.HOST_INTERFACE, address,
                        mac(hostNs, LabLoadBalancerLink.HOST_INTERFACE)),
                new LabDataLink.End("memif", memifNs, memifEnd, null, mac(memifNs, memifEnd)));
    }

    /** Permanent neighbours between the two outer ends: no ARP crosses the load balancers. */
    private void linkNeighbours(LabDataLink.End a, LabDataLink.End b) throws LabException {
        ip.setPermanentNeighbour(a.namespace(), a.interfaceName(), b.address(), b.mac());
        ip.setPermanentNeighbour(b.namespace(), b.interfaceName(), a.address(), a.mac());
    }

    private String mac(String ns, String ifname) throws LabException {
        return ip.link(ns, ifname).map(Iproute2.Link::mac).filter(m -> !m.isEmpty())
                .orElseThrow(() -> new LabException("no MAC address on " + ifname + " in namespace " + ns));
    }

    // -------------------------------------------------------------------------------- status

    /** Looks at what of the lab is on the machine; never changes anything. */
    public LabStatus status(String name) throws LabException {
        LabName.check(name);
        return new LabInspection(ip, ethtool, files, sshd).inspect(name);
    }

    /** The lab's recorded state, if it was built and not removed. */
    public Optional<LabState> readState(String name) throws LabException {
        return files.readState(name);
    }

    // ---------------------------------------------------------------------------------- down

    /**
     * Removes everything of the lab that is on the machine: its processes (the sshds it recorded,
     * any sshd whose config is in the lab's directory, and whatever else still runs in its
     * namespaces, such as agents or SSH sessions), its namespaces, its interfaces, its
     * known_hosts lines and its directory. Safe to run twice and after a crash.
     */
    public LabDownReport down(String name) throws LabException {
        LabName.check(name);
        if (!LabPreconditions.isRoot()) {
            throw new LabException("removing a lab needs root (it deletes network namespaces and interfaces)");
        }
        if (LabPreconditions.find("ip").isEmpty()) {
            throw new LabException("'ip' not found: install iproute2 (apt install iproute2)");
        }
        try (LabLock ignored = LabLock.acquire()) {
            return downLocked(name);
        }
    }

    private LabDownReport downLocked(String name) throws LabException {
        List<String> removed = new ArrayList<>();
        Set<Long> pids = new LinkedHashSet<>(sshd.processes(name));
        List<String> namespaces = labNamespaces(name);
        for (String ns : namespaces) {
            pids.addAll(ip.pids(ns));
        }
        pids.remove(ProcessHandle.current().pid());
        int stopped = stopProcesses(pids);
        if (stopped > 0) {
            removed.add(stopped + " process(es) of the lab (sshd, sessions, agents)");
        }
        for (String ns : namespaces) {
            CommandResult r = ip.deleteNamespace(ns);
            if (r.ok()) {
                removed.add("namespace " + ns);
            } else {
                throw new LabException("cannot remove namespace " + ns + ": " + r.stderr().strip());
            }
        }
        // the bridge last: deleting a veth end also deletes its peer, deleting the bridge frees its ports
        List<String> links = new ArrayList<>(rootLinks(name));
        links.sort(Comparator.comparing((String l) -> l.equals(bridge(name))));
        for (String link : links) {
            CommandResult r = ip.deleteLink(link);
            if (r.ok()) {
                removed.add("interface " + link);
            } else if (rootLinks(name).contains(link)) {
                throw new LabException("cannot remove interface " + link + ": " + r.stderr().strip());
            }
        }
        // before the lab's directory goes: it holds the count to give back
        removed.addAll(hugepages.release(name));
        int lines = files.removeKnownHosts(name);
        if (lines > 0) {
            removed.add(lines + " known_hosts line(s) in " + paths().knownHosts());
        }
        if (files.deleteLabDir(name)) {
            removed.add("directory " + paths().labDir(name));
        }
        log.info("lab {} down: {}", name, removed.isEmpty() ? "nothing to remove" : removed);
        return new LabDownReport(name, removed);
    }

    /** SIGTERM, a grace period, then SIGKILL for what is still there; returns how many were running. */
    private static int stopProcesses(Set<Long> pids) {
        List<ProcessHandle> handles = pids.stream().map(ProcessHandle::of).flatMap(Optional::stream)
                .filter(ProcessHandle::isAlive).toList();
        handles.forEach(ProcessHandle::destroy);
        awaitGone(handles, 50);
        handles.stream().filter(ProcessHandle::isAlive).forEach(h -> {
            log.warn("process {} of the lab ignored SIGTERM; killing it", h.pid());
            h.destroyForcibly();
        });
        awaitGone(handles, 20);
        return handles.size();
    }

    private static void awaitGone(List<ProcessHandle> handles, long pollMillis) {
        Instant deadline = Instant.now().plus(STOP_GRACE);
        while (Instant.now().isBefore(deadline) && handles.stream().anyMatch(ProcessHandle::isAlive)) {
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ------------------------------------------------------------------------- observations

    /** The lab's namespaces: names starting with {@code <name>-} (names contain no '-', so no other lab's). */
    List<String> labNamespaces(String name) throws LabException {
        return ip.namespaces().stream().filter(n -> n.startsWith(name + "-")).toList();
    }

    /** Every named network namespace on the machine (for finding labs whose files are gone). */
    public List<String> allNamespaces() throws LabException {
        return ip.namespaces();
    }

    /** The lab's interfaces in the root namespace: the bridge and the management veth ends. */
    List<String> rootLinks(String name) throws LabException {
        return ip.links(null).stream().map(Iproute2.Link::name).filter(n -> n.startsWith(name + "-")).toList();
    }

    /** sshd processes of the lab, found by the files they name (see {@link LabSshd#processes}). */
    List<Long> sshdProcesses(String name) {
        return sshd.processes(name);
    }
}
