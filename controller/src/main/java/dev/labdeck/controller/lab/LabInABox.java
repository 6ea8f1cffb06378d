package dev.labdeck.controller.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labdeck.controller.transport.CommandResult;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds, checks and removes a lab-in-a-box: three network namespaces ({@code <name>-src},
 * {@code <name>-dst}, {@code <name>-memif}) as hosts, a management bridge {@code <name>-br} in
 * the root namespace (the controller at .1 of the management subnet, the hosts from .2), a veth
 * data link between src and dst ({@code data0} in both) with permanent neighbour entries, and an
 * OpenSSH server in each namespace on its management address, with host keys and a user key
 * generated for the lab.
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
    public static final int SSH_PORT = 22;

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private final LabPaths paths;
    private final CommandRunner cmd = new CommandRunner();
    private final ObjectMapper json = ProtocolJson.mapper();

    public LabInABox() {
        this(LabPaths.ofUser());
    }

    public LabInABox(LabPaths paths) {
        this.paths = paths;
    }

    public LabPaths paths() {
        return paths;
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
        LabName.check(name);
        LabPreconditions.require();
        try (LabLock ignored = LabLock.acquire()) {
            LabStatus before = status(name);
            if (before.up()) {
                if (range != null && !plan(range).range().equals(Ipv4Cidr.parse(before.state().range()))) {
                    throw new LabException("lab " + name + " is up on " + before.state().range() + ", not " + range
                            + "; run 'labdeck lab down --name " + name + "' first to move it");
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
                return new LabUpResult(build(name, plan), false, repaired);
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
        for (JsonNode link : ipJson("-j", "addr", "show")) {
            for (JsonNode a : link.path("addr_info")) {
                if (!"inet".equals(a.path("family").asText())) {
                    continue;
                }
                Ipv4Cidr taken = new Ipv4Cidr(Ipv4Cidr.parseAddress(a.path("local").asText()), a.path("prefixlen").asInt(32));
                if (taken.overlaps(plan.range())) {
                    throw new LabRangeInUseException("address range " + plan.range() + " is already in use on this machine: "
                            + link.path("ifname").asText() + " has " + a.path("local").asText() + "/" + taken.prefix()
                            + ". Choose another range with --subnet (e.g. 10.233.0.0/16)");
                }
            }
        }
        for (JsonNode route : ipJson("-j", "route", "show")) {
            String dst = route.path("dst").asText("");
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
                        + dst + " via " + route.path("dev").asText("?")
                        + ". Choose another range with --subnet (e.g. 10.233.0.0/16)");
            }
        }
    }

    private LabState build(String name, LabAddressPlan plan) throws LabException {
        log.info("building lab {} on {}", name, plan.range());
        Path dir = paths.labDir(name);
        createPrivateDirectory(dir);
        Path sshd = LabPreconditions.find("sshd").orElseThrow();
        // sshd needs its privilege separation directory; a systemd unit would create it, a container may not have it
        createDirectory(Path.of("/run/sshd"));

        Path userKey = paths.userKey(name);
        generateKey(userKey, LabKnownHosts.tag(name) + "user");

        String prefixLength = "/" + plan.management().prefix();
        String br = bridge(name);
        ip("link", "add", br, "type", "bridge");
        ip("addr", "add", plan.controllerAddress() + prefixLength, "dev", br);
        ip("link", "set", br, "up");

        List<String[]> hostNets = new ArrayList<>();
        for (int i = 0; i < HOSTS.size(); i++) {
            String host = HOSTS.get(i);
            String ns = namespace(name, host);
            String rootEnd = name + "-" + host;
            ip("netns", "add", ns);
            ip("-n", ns, "link", "set", "lo", "up");
            ip("link", "add", rootEnd, "type", "veth", "peer", "name", MANAGEMENT_INTERFACE, "netns", ns);
            ip("link", "set", rootEnd, "master", br);
            ip("link", "set", rootEnd, "up");
            ip("-n", ns, "addr", "add", plan.hostAddress(i) + prefixLength, "dev", MANAGEMENT_INTERFACE);
            ip("-n", ns, "link", "set", MANAGEMENT_INTERFACE, "up");
            hostNets.add(new String[] {host, ns, rootEnd, plan.hostAddress(i)});
        }

        LabDataLink data = buildDataLink(name, plan);

        List<LabHost> hosts = new ArrayList<>();
        for (String[] h : hostNets) {
            hosts.add(startSshd(sshd, name, h[0], h[1], h[2], h[3], userKey));
        }
        for (int i = 0; i < hosts.size(); i++) {
            hosts.set(i, hosts.get(i).withSshdPid(awaitSshd(name, hosts.get(i))));
        }

        LabState state = new LabState(name, plan.range().toString(), br, plan.management().toString(),
                plan.controllerAddress(), List.copyOf(hosts), data, System.getProperty("user.name"),
                userKey.toString(), Instant.now().toString());
        try {
            new LabKnownHosts(paths.knownHosts()).add(name, hosts);
            writeState(state);
        } catch (IOException e) {
            throw new LabException("cannot write the lab's files under " + dir + ": " + e.getMessage(), e);
        }
        log.info("lab {} is up", name);
        return state;
    }

    /**
     * The veth link from src to dst. IPv6 address generation is off on it, so the only packets
     * crossing it are the test's (no router solicitations or DAD to count), and each end has a
     * permanent neighbour entry for the other, so no ARP request ever needs an answer.
     */
    private LabDataLink buildDataLink(String name, LabAddressPlan plan) throws LabException {
        String srcNs = namespace(name, "src");
        String dstNs = namespace(name, "dst");
        ip("link", "add", DATA_INTERFACE, "netns", srcNs, "type", "veth", "peer", "name", DATA_INTERFACE, "netns", dstNs);
        String prefixLength = "/" + plan.data().prefix();
        for (String[] end : List.of(new String[] {srcNs, plan.srcDataAddress()}, new String[] {dstNs, plan.dstDataAddress()})) {
            ip("-n", end[0], "link", "set", DATA_INTERFACE, "addrgenmode", "none");
            ip("-n", end[0], "addr", "add", end[1] + prefixLength, "dev", DATA_INTERFACE);
            ip("-n", end[0], "link", "set", DATA_INTERFACE, "up");
        }
        String srcMac = mac(srcNs, DATA_INTERFACE);
        String dstMac = mac(dstNs, DATA_INTERFACE);
        ip("-n", srcNs, "neigh", "replace", plan.dstDataAddress(), "lladdr", dstMac, "dev", DATA_INTERFACE, "nud", "permanent");
        ip("-n", dstNs, "neigh", "replace", plan.srcDataAddress(), "lladdr", srcMac, "dev", DATA_INTERFACE, "nud", "permanent");
        return new LabDataLink(plan.data().toString(),
                new LabDataLink.End("src", srcNs, DATA_INTERFACE, plan.srcDataAddress(), srcMac),
                new LabDataLink.End("dst", dstNs, DATA_INTERFACE, plan.dstDataAddress(), dstMac));
    }

    private String mac(String ns, String ifname) throws LabException {
        for (JsonNode link : ipJson("-j", "-n", ns, "link", "show", "dev", ifname)) {
            String mac = link.path("address").asText("");
            if (!mac.isEmpty()) {
                return mac;
            }
        }
        throw new LabException("no MAC address on " + ifname + " in namespace " + ns);
    }

    private LabHost startSshd(Path sshd, String lab, String host, String ns, String rootEnd, String address, Path userKey)
            throws LabException {
        Path hostDir = paths.hostDir(lab, host);
        createPrivateDirectory(hostDir);
        Path hostKey = hostDir.resolve("ssh_host_key");
        generateKey(hostKey, LabKnownHosts.tag(lab) + host);
        Path config = hostDir.resolve("sshd_config");
        Path pidFile = hostDir.resolve("sshd.pid");
        // StrictModes off: the lab's key files are ours (0600 in 0700 directories), and a home
        // directory with group write would otherwise refuse every login with no visible reason
        String text = String.join("\n",
                "# sshd of lab-in-a-box host " + host + " (lab " + lab + "), written by labdeck lab up",
                "ListenAddress " + address + ":" + SSH_PORT,
                "HostKey " + hostKey,
                "PidFile " + pidFile,
                "AuthorizedKeysFile " + userKey + ".pub",
                "PermitRootLogin prohibit-password",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "AllowTcpForwarding yes",
                "X11Forwarding no",
                "PrintMotd no",
                "MaxStartups 30:60:100",
                "Subsystem sftp internal-sftp",
                "");
        writePrivate(config, text);
        Path logFile = hostDir.resolve("sshd.log");
        CommandResult r = cmd.run(List.of(ip(), "netns", "exec", ns, sshd.toString(), "-f", config.toString(),
                "-E", logFile.toString()));
        if (!r.ok()) {
            throw new LabException("sshd did not start in " + ns + " (exit " + r.exitCode() + "): "
                    + (r.stderr().strip() + " " + tail(logFile)).strip());
        }
        String publicKey = read(Path.of(hostKey + ".pub")).strip();
        return new LabHost(host, ns, rootEnd, MANAGEMENT_INTERFACE, address, SSH_PORT, -1, config.toString(), publicKey);
    }

    /** Waits until the sshd has written its pid file and accepts connections on its address. */
    private long awaitSshd(String lab, LabHost h) throws LabException {
        Path pidFile = Path.of(h.sshdConfig()).resolveSibling("sshd.pid");
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            long pid = readPid(pidFile);
            if (pid > 0 && portOpen(h.managementAddress(), h.sshPort())) {
                return pid;
            }
            pause(50);
        }
        throw new LabException("sshd of host " + h.name() + " (lab " + lab + ") is not listening on "
                + h.managementAddress() + ":" + h.sshPort() + " after " + READY_TIMEOUT.toSeconds() + " s: "
                + tail(pidFile.resolveSibling("sshd.log")));
    }

    // -------------------------------------------------------------------------------- status

    /** Looks at what of the lab is on the machine; never changes anything. */
    public LabStatus status(String name) throws LabException {
        LabName.check(name);
        List<String> problems = new ArrayList<>();
        LabState state = null;
        try {
            state = readState(name).orElse(null);
        } catch (LabException e) {
            problems.add(e.getMessage());
        }
        List<String> namespaces = labNamespaces(name);
        List<String> rootLinks = rootLinks(name);
        List<String> leftovers = new ArrayList<>();
        namespaces.forEach(ns -> leftovers.add("namespace " + ns));
        rootLinks.forEach(l -> leftovers.add("interface " + l));
        if (Files.exists(paths.labDir(name))) {
            leftovers.add("directory " + paths.labDir(name));
        }
        List<Long> sshds = sshdProcesses(name);
        if (!sshds.isEmpty()) {
            leftovers.add("sshd processes " + sshds);
        }
        if (state == null) {
            if (!leftovers.isEmpty() && problems.isEmpty()) {
                problems.add("lab " + name + " has no state.json but parts of it are left: " + String.join(", ", leftovers));
            }
            return new LabStatus(name, null, List.of(), List.of(), leftovers, problems);
        }

        List<LabStatus.HostStatus> hosts = new ArrayList<>();
        for (LabHost h : state.hosts()) {
            boolean nsPresent = namespaces.contains(h.namespace());
            boolean addrUp = nsPresent && addressUp(h.namespace(), h.managementInterface(), h.managementAddress());
            long pid = readPid(Path.of(h.sshdConfig()).resolveSibling("sshd.pid"));
            boolean running = pid > 0 && isSshd(pid);
            boolean open = addrUp && portOpen(h.managementAddress(), h.sshPort());
            hosts.add(new LabStatus.HostStatus(h.name(), h.namespace(), h.managementAddress(), nsPresent, addrUp, pid,
                    running, open));
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
        boolean brUp = linkUp(null, state.bridge());
        links.add(new LabStatus.LinkStatus(state.bridge(), "management bridge, controller " + state.controllerAddress(),
                rootLinks.contains(state.bridge()), brUp));
        if (!brUp) {
            problems.add("management bridge " + state.bridge() + " is missing or down");
        }
        for (LabHost h : state.hosts()) {
            boolean up = linkUp(null, h.rootInterface());
            links.add(new LabStatus.LinkStatus(h.rootInterface(), "management veth to " + h.name() + " ("
                    + h.managementAddress() + ")", rootLinks.contains(h.rootInterface()), up));
            if (!up) {
                problems.add("management veth " + h.rootInterface() + " is missing or down");
            }
        }
        LabDataLink d = state.dataLink();
        boolean srcUp = namespaces.contains(d.src().namespace()) && linkUp(d.src().namespace(), d.src().interfaceName());
        boolean dstUp = namespaces.contains(d.dst().namespace()) && linkUp(d.dst().namespace(), d.dst().interfaceName());
        links.add(new LabStatus.LinkStatus("data", "veth src " + d.src().interfaceName() + " " + d.src().address()
                + " <-> dst " + d.dst().interfaceName() + " " + d.dst().address(), srcUp || dstUp, srcUp && dstUp));
        if (!(srcUp && dstUp)) {
            problems.add("data link src-dst is missing or down");
        } else {
            if (!permanentNeighbour(d.src().namespace(), d.src().interfaceName(), d.dst().address())) {
                problems.add("src has no permanent neighbour entry for dst " + d.dst().address());
            }
            if (!permanentNeighbour(d.dst().namespace(), d.dst().interfaceName(), d.src().address())) {
                problems.add("dst has no permanent neighbour entry for src " + d.src().address());
            }
        }
        return new LabStatus(name, state, hosts, links, leftovers, problems);
    }

    /** The lab's recorded state, if it was built and not removed. */
    public Optional<LabState> readState(String name) throws LabException {
        Path f = paths.stateFile(name);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(f.toFile(), LabState.class));
        } catch (IOException e) {
            throw new LabException("cannot read " + f + ": " + e.getMessage(), e);
        }
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
        Set<Long> pids = new LinkedHashSet<>(sshdProcesses(name));
        List<String> namespaces = labNamespaces(name);
        for (String ns : namespaces) {
            CommandResult r = cmd.run(List.of(ip(), "netns", "pids", ns));
            if (r.ok()) {
                r.stdout().lines().map(String::strip).filter(s -> s.matches("\\d+")).map(Long::parseLong).forEach(pids::add);
            }
        }
        pids.remove(ProcessHandle.current().pid());
        int stopped = stopProcesses(pids);
        if (stopped > 0) {
            removed.add(stopped + " process(es) of the lab (sshd, sessions, agents)");
        }
        for (String ns : namespaces) {
            CommandResult r = cmd.run(List.of(ip(), "netns", "del", ns));
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
            CommandResult r = cmd.run(List.of(ip(), "link", "del", link));
            if (r.ok()) {
                removed.add("interface " + link);
            } else if (rootLinks(name).contains(link)) {
                throw new LabException("cannot remove interface " + link + ": " + r.stderr().strip());
            }
        }
        try {
            int lines = new LabKnownHosts(paths.knownHosts()).remove(name);
            if (lines > 0) {
                removed.add(lines + " known_hosts line(s) in " + paths.knownHosts());
            }
        } catch (IOException e) {
            throw new LabException("cannot update " + paths.knownHosts() + ": " + e.getMessage(), e);
        }
        Path dir = paths.labDir(name);
        if (Files.exists(dir)) {
            deleteTree(dir);
            removed.add("directory " + dir);
        }
        log.info("lab {} down: {}", name, removed.isEmpty() ? "nothing to remove" : removed);
        return new LabDownReport(name, removed);
    }

    /** SIGTERM, a grace period, then SIGKILL for what is still there; returns how many were running. */
    private static int stopProcesses(Set<Long> pids) {
        List<ProcessHandle> handles = pids.stream().map(ProcessHandle::of).flatMap(Optional::stream)
                .filter(ProcessHandle::isAlive).toList();
        handles.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plus(STOP_GRACE);
        while (Instant.now().isBefore(deadline) && handles.stream().anyMatch(ProcessHandle::isAlive)) {
            pause(50);
        }
        handles.stream().filter(ProcessHandle::isAlive).forEach(h -> {
            log.warn("process {} of the lab ignored SIGTERM; killing it", h.pid());
            h.destroyForcibly();
        });
        Instant killDeadline = Instant.now().plus(STOP_GRACE);
        while (Instant.now().isBefore(killDeadline) && handles.stream().anyMatch(ProcessHandle::isAlive)) {
            pause(20);
        }
        return handles.size();
    }

    // ------------------------------------------------------------------------- observations

    /** The lab's namespaces: names starting with {@code <name>-} (names contain no '-', so no other lab's). */
    List<String> labNamespaces(String name) throws LabException {
        List<String> out = new ArrayList<>();
        for (JsonNode ns : ipJson("-j", "netns", "list")) {
            String n = ns.path("name").asText("");
            if (n.startsWith(name + "-")) {
                out.add(n);
            }
        }
        return out;
    }

    /** Every named network namespace on the machine (for finding labs whose files are gone). */
    public List<String> allNamespaces() throws LabException {
        List<String> out = new ArrayList<>();
        for (JsonNode ns : ipJson("-j", "netns", "list")) {
            out.add(ns.path("name").asText(""));
        }
        return out;
    }

    /** The lab's interfaces in the root namespace: the bridge and the management veth ends. */
    List<String> rootLinks(String name) throws LabException {
        List<String> out = new ArrayList<>();
        for (JsonNode link : ipJson("-j", "link", "show")) {
            String n = link.path("ifname").asText("");
            if (n.startsWith(name + "-")) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * sshd processes whose command line names a file in the lab's directory, wherever they run.
     * Read from /proc directly: sshd rewrites its process title, which hides it from
     * {@code ProcessHandle.Info.commandLine()}.
     */
    List<Long> sshdProcesses(String name) {
        String dir = paths.labDir(name).toString() + "/";
        List<Long> out = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            try {
                String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
                        StandardCharsets.UTF_8).replace('\0', ' ');
                if (cmdline.contains("sshd") && cmdline.contains(dir)) {
                    out.add(p.pid());
                }
            } catch (IOException | RuntimeException gone) {
                // the process ended while we looked, or is not ours to read
            }
        });
        return out;
    }

    private static boolean isSshd(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> p.info().command().map(c -> c.endsWith("sshd")).orElse(true)).orElse(false);
    }

    private boolean addressUp(String ns, String ifname, String address) throws LabException {
        for (JsonNode link : ipJson("-j", "-n", ns, "addr", "show", "dev", ifname)) {
            boolean up = false;
            for (JsonNode f : link.path("flags")) {
                up |= f.asText().equals("UP");
            }
            for (JsonNode a : link.path("addr_info")) {
                if (up && address.equals(a.path("local").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean linkUp(String ns, String ifname) throws LabException {
        List<String> args = new ArrayList<>(List.of("-j"));
        if (ns != null) {
            args.addAll(List.of("-n", ns));
        }
        args.addAll(List.of("link", "show", "dev", ifname));
        for (JsonNode link : ipJson(args.toArray(String[]::new))) {
            for (JsonNode f : link.path("flags")) {
                if (f.asText().equals("UP")) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean permanentNeighbour(String ns, String ifname, String address) throws LabException {
        for (JsonNode n : ipJson("-j", "-n", ns, "neigh", "show", "dev", ifname)) {
            if (address.equals(n.path("dst").asText())) {
                for (JsonNode s : n.path("state")) {
                    if (s.asText().equals("PERMANENT")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static boolean portOpen(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------ helpers

    private static String ip() {
        return LabPreconditions.find("ip").map(Path::toString).orElse("ip");
    }

    private void ip(String... args) throws LabException {
        List<String> c = new ArrayList<>();
        c.add(ip());
        c.addAll(List.of(args));
        cmd.check(c);
    }

    /** Runs {@code ip -j ...} and returns the JSON array it prints (empty when it printed nothing or failed). */
    private List<JsonNode> ipJson(String... args) throws LabException {
        List<String> c = new ArrayList<>();
        c.add(ip());
        c.addAll(List.of(args));
        CommandResult r = cmd.run(c);
        if (!r.ok() || r.stdout().isBlank()) {
            return List.of();
        }
        try {
            JsonNode n = json.readTree(r.stdout());
            List<JsonNode> out = new ArrayList<>();
            n.forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new LabException("cannot read the output of '" + String.join(" ", c) + "': " + e.getMessage(), e);
        }
    }

    /**
     * ECDSA P-256 rather than ed25519: the controller's SSH client (MINA SSHD) does ed25519 only
     * with an extra crypto provider, and every OpenSSH and JDK does P-256.
     */
    private void generateKey(Path file, String comment) throws LabException {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(Path.of(file + ".pub"));
        } catch (IOException e) {
            throw new LabException("cannot replace " + file + ": " + e.getMessage(), e);
        }
        String keygen = LabPreconditions.find("ssh-keygen").map(Path::toString).orElse("ssh-keygen");
        cmd.check(List.of(keygen, "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", comment, "-f", file.toString()));
    }

    private void writeState(LabState state) throws IOException {
        Path f = paths.stateFile(state.name());
        Path tmp = f.resolveSibling("state.json.tmp");
        json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), state);
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static long readPid(Path pidFile) {
        try {
            return Files.exists(pidFile) ? Long.parseLong(Files.readString(pidFile).strip()) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static void createPrivateDirectory(Path dir) throws LabException {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new LabException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void createDirectory(Path dir) throws LabException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LabException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void writePrivate(Path file, String text) throws LabException {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new LabException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) throws LabException {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new LabException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteTree(Path dir) throws LabException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new LabException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
