package dev.labdeck.controller.profile;

import com.fasterxml.jackson.core.JsonPointer;
import dev.labdeck.protocol.AgentLimits;
import dev.labdeck.protocol.ReadinessProbe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a profile as a whole: values in range (rates, durations, ports), names that must exist
 * (hosts of links, XDP and traffic; services in {@code after} and memif links), names used twice,
 * and service dependency cycles. The loader runs it on every profile it reads, with positions;
 * the desktop app runs it on profiles edited in memory (problems then have no line and column).
 */
public final class ProfileValidator {

    private static final Pattern SERVICE_NAME = Pattern.compile(AgentLimits.SERVICE_NAME_PATTERN);
    private static final Pattern FIGURE_NAME = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");

    private final Profile p;
    private final String file;
    private final SourceMap positions;
    private final List<ProfileProblem> problems = new ArrayList<>();

    private ProfileValidator(Profile p, String file, SourceMap positions) {
        this.p = p;
        this.file = file;
        this.positions = positions;
    }

    /** Every problem of {@code profile}, without positions (empty when it is valid). */
    public static List<ProfileProblem> validate(Profile profile) {
        String file = profile.source() != null ? profile.source().toString() : profile.name();
        return validate(profile, file, new SourceMap());
    }

    static List<ProfileProblem> validate(Profile profile, String file, SourceMap positions) {
        ProfileValidator v = new ProfileValidator(profile, file, positions);
        v.check();
        return List.copyOf(v.problems);
    }

    private void problem(String path, String message) {
        SourceMap.Position at = positions.at(path);
        problems.add(new ProfileProblem(file, at.line(), at.column(), message));
    }

    private void check() {
        if (p.name() == null || p.name().isBlank()) {
            problem("name", "the profile has no name");
        }
        agent();
        Map<String, HostSpec> hosts = hosts();
        services(hosts);
        links(hosts);
        xdp(hosts);
        traffic(hosts);
        section(p.monitoring(), "monitoring");
        section(p.results(), "results");
        for (int i = 0; i < p.thresholds().size(); i++) {
            Threshold t = p.thresholds().get(i);
            if (t.metric() == null || t.metric().isBlank()) {
                problem(SourceMap.index("thresholds", i), "threshold " + (i + 1) + " names no metric");
            } else if (ThresholdExpression.pathProblem(t.metric()) != null) {
                problem(SourceMap.index("thresholds", i), "threshold " + (i + 1) + ": " + ThresholdExpression.pathProblem(t.metric()));
            }
            if (!Double.isFinite(t.value())) {
                problem(SourceMap.index("thresholds", i), "threshold " + (i + 1) + " compares with " + t.value());
            }
        }
        baseline();
        section(p.measure(), "measure");
        httpLoad(hosts);
        sweepAndSearch();
    }

    /** The HTTP load's host must exist, its url must be http://HOST[:PORT]/PATH (HOST may be lab:dst.lb). */
    private void httpLoad(Map<String, HostSpec> hosts) {
        HttpLoadSpec h = p.http();
        if (h == null) {
            return;
        }
        section(h, "http");
        if (h.host() != null && !hosts.containsKey(h.host())) {
            problem("http.host", "http names host '" + h.host() + "', which the profile does not define");
        }
        if (h.url() != null) {
            String url = h.url().replaceFirst("^http://lab:[a-z0-9/]*[a-z0-9](\\.(data|lb))?", "http://lab-host");
            java.net.URI u = null;
            try {
                u = java.net.URI.create(url);
            } catch (IllegalArgumentException e) {
                // reported below
            }
            if (u == null || !"http".equals(u.getScheme()) || u.getHost() == null) {
                problem("http.url", "http url '" + h.url() + "' must be http://HOST[:PORT]/PATH (https is not supported)");
            }
        }
    }

    private void agent() {
        AgentSettings a = p.agent();
        section(a, "agent");
        if (a.bind() == null || a.bind().isBlank()) {
            problem("agent.bind", "agent bind address is empty");
        }
    }

    private Map<String, HostSpec> hosts() {
        Map<String, HostSpec> byName = new LinkedHashMap<>();
        if (p.hosts().isEmpty()) {
            problem("hosts", "the profile has no hosts: add a 'hosts' mapping (host name → address, transport, roles)");
        }
        for (HostSpec h : p.hosts()) {
            String path = "hosts." + h.name();
            if (byName.putIfAbsent(h.name(), h) != null) {
                problem(path, "duplicate host name '" + h.name() + "'");
                continue;
            }
            if (h.name() == null || !HOST_NAME.matcher(h.name()).matches()) {
                problem(path, "host name '" + h.name() + "' may only use letters, digits, '_', '.' and '-'");
            }
            if (h.transport() == HostSpec.Transport.SSH) {
                if (h.address() == null || h.address().isBlank()) {
                    problem(path, "host '" + h.name() + "' uses ssh but has no address");
                }
            }
            bounds(h, path, "host '" + h.name() + "'");
            if (h.address() != null && LOOKS_NUMERIC.matcher(h.address()).matches()) {
                ipAddress(h.address(), false, path + ".address", "host '" + h.name() + "'");
            }
            if (h.key() != null && (h.key().contains("PRIVATE KEY") || h.key().contains("\n"))) {
                problem(path + ".key", "host '" + h.name() + "': 'key' is the path of a private key file; never put"
                        + " the key itself in a profile (or leave 'key' out to use the ssh agent)");
            }
            if (h.position() != null && !(Double.isFinite(h.position().x()) && Double.isFinite(h.position().y()))) {
                problem(path + ".position", "position of host '" + h.name() + "' is not a finite x, y");
            }
        }
        return byName;
    }

    private void services(Map<String, HostSpec> hosts) {
        Map<String, String> hostOfService = new HashMap<>();
        Map<String, String> pathOfService = new HashMap<>();
        for (HostSpec h : hosts.values()) {
            for (int i = 0; i < h.services().size(); i++) {
                ServiceSpec s = h.services().get(i);
                String path = SourceMap.index("hosts." + h.name() + ".services", i);
                String other = hostOfService.putIfAbsent(s.name(), h.name());
                if (other != null) {
                    problem(path + ".name", "duplicate service name '" + s.name() + "' (also on host '" + other
                            + "'); service names are unique across hosts because 'after' names them");
                } else {
                    pathOfService.put(s.name(), path);
                }
                service(h, s, path);
            }
        }
        for (HostSpec h : hosts.values()) {
            for (int i = 0; i < h.services().size(); i++) {
                ServiceSpec s = h.services().get(i);
                String path = SourceMap.index("hosts." + h.name() + ".services", i);
                for (int j = 0; j < s.after().size(); j++) {
                    String dep = s.after().get(j);
                    if (!hostOfService.containsKey(dep)) {
                        problem(SourceMap.index(path + ".after", j), "service '" + s.name()
                                + "' starts after unknown service '" + dep + "'"
                                + KeySuggestion.hint(dep, hostOfService.keySet()));
                    }
                }
            }
        }
        for (HostSpec h : hosts.values()) {
            for (int i = 0; i < h.services().size(); i++) {
                dpdk(h, h.services().get(i), SourceMap.index("hosts." + h.name() + ".services", i), hostOfService);
            }
        }
        Optional<List<String>> cycle = ServiceOrder.findCycle(ServiceOrder.dependencies(p));
        cycle.ifPresent(c -> {
            String first = c.getFirst();
            String path = pathOfService.get(first);
            ServiceSpec s = service(first);
            int j = s == null ? -1 : s.after().indexOf(c.get(1));
            if (j < 0 && s != null && c.get(1).equals(s.dpdkPrimary())) {
                path = path + ".dpdk.primary";
            }
            problem(j < 0 ? path : SourceMap.index(path + ".after", j),
                    "services depend on each other in a cycle: " + ServiceOrder.describe(c)
                            + " (each starts after the next); none of them could start");
        });
    }

    /**
     * A secondary names a primary on its own host that is a DPDK primary with a file prefix and
     * hugepage memory; its own file prefix, if it says one, is the primary's.
     */
    private void dpdk(HostSpec h, ServiceSpec s, String path, Map<String, String> hostOfService) {
        DpdkProcess d = s.dpdk();
        if (d == null) {
            return;
        }
        String at = path + ".dpdk";
        String what = "service '" + s.name() + "' on host '" + h.name() + "'";
        if (!d.secondary()) {
            if (d.primary() != null) {
                problem(at + ".primary", what + " names a primary but is not proc_type secondary");
            }
            return;
        }
        if (d.primary() == null || d.primary().isBlank()) {
            problem(at, what + " is a DPDK secondary: name its primary, e.g. {proc_type: secondary, primary: lb_c}");
            return;
        }
        String primaryHost = hostOfService.get(d.primary());
        ServiceSpec primary = service(d.primary());
        if (primaryHost == null || primary == null) {
            problem(at + ".primary", what + " is a DPDK secondary of unknown service '" + d.primary() + "'"
                    + KeySuggestion.hint(d.primary(), hostOfService.keySet()));
            return;
        }
        if (d.primary().equals(s.name())) {
            problem(at + ".primary", what + " cannot be its own DPDK primary");
            return;
        }
        if (!primaryHost.equals(h.name())) {
            problem(at + ".primary", what + " is a DPDK secondary of '" + d.primary() + "' on host '" + primaryHost
                    + "': a secondary shares its primary's memory, so both run on one host");
            return;
        }
        if (primary.dpdk() != null && primary.dpdk().secondary()) {
            problem(at + ".primary", what + ": its primary '" + d.primary() + "' is itself a secondary");
            return;
        }
        String prefix = DpdkCommand.filePrefix(primary.command());
        if (prefix == null) {
            problem(at + ".primary", what + ": its primary '" + d.primary() + "' has no --file-prefix in its command;"
                    + " the secondary finds the primary's memory by it");
        }
        if (DpdkCommand.has(primary.command(), "--no-huge")) {
            problem(at + ".primary", what + ": its primary '" + d.primary() + "' runs with --no-huge, so a secondary"
                    + " cannot attach to its memory; run it on hugepages (labdeck lab up --hugepages N)");
        }
        String own = DpdkCommand.filePrefix(s.command());
        if (own != null && prefix != null && !own.equals(prefix)) {
            problem(path + ".command", what + " runs with --file-prefix " + own + " but its primary '" + d.primary()
                    + "' with " + prefix + "; leave it out (LabDeck adds the primary's)");
        }
        String type = DpdkCommand.procType(s.command());
        if (type != null && !type.equals("secondary")) {
            problem(path + ".command", what + " is a DPDK secondary but its command says --proc-type " + type);
        }
    }

    private ServiceSpec service(String name) {
        return p.hosts().stream().flatMap(h -> h.services().stream()).filter(s -> s.name().equals(name))
                .findFirst().orElse(null);
    }

    private void service(HostSpec h, ServiceSpec s, String path) {
        String what = "service '" + s.name() + "' on host '" + h.name() + "'";
        if (s.name() != null && !SERVICE_NAME.matcher(s.name()).matches()) {
            problem(path + ".name", "service name '" + s.name() + "' must be 1-" + AgentLimits.MAX_SERVICE_NAME
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit (it names the service's"
                    + " log file on the host)");
        }
        if (s.command() == null || s.command().isEmpty()) {
            problem(path + ".command", what + " has no command (an argument list, e.g. [\"/usr/bin/lb\", \"lb_s.json\"])");
        }
        bounds(s, path, what);
        figures(s, path, what);
        stopInput(s, path, what);
        for (int i = 0; i < s.collect().size(); i++) {
            String f = s.collect().get(i);
            if (f == null || f.isBlank() || f.startsWith("/") || java.nio.file.Path.of(f).normalize().startsWith("..")
                    || java.nio.file.Path.of(f).getFileName() == null) {
                problem(SourceMap.index(path + ".collect", i), "collect of " + what + ": '" + f + "' must be a file"
                        + " relative to its workdir (e.g. memif.pcap)");
            }
        }
        if (s.collect().stream().map(f -> java.nio.file.Path.of(f).getFileName()).distinct().count() < s.collect().size()) {
            problem(path + ".collect", "collect of " + what + " names two files with one name; each lands in"
                    + " services/" + s.name() + "/<file name>");
        }
        String r = path + ".readiness";
        switch (s.readiness()) {
            case null -> { }
            case ReadinessProbe.TcpPort t -> port(t.port(), r + ".port", "readiness port of " + what);
            case ReadinessProbe.LogLine l -> {
                try {
                    Pattern.compile(l.pattern());
                } catch (PatternSyntaxException e) {
                    problem(r + ".pattern", "readiness pattern of " + what + " is not a valid regular expression: "
                            + e.getDescription() + " near index " + e.getIndex());
                }
            }
            case ReadinessProbe.Delay d -> {
                if (d.millis() < 0) {
                    problem(r + ".duration", "readiness delay of " + what + " is negative");
                }
            }
            case ReadinessProbe.DpdkLinkUp d -> {
                if (d.port() < 0) {
                    problem(r + ".port", "DPDK port id of " + what + " is negative");
                }
                if (d.filePrefix() == null || d.filePrefix().isBlank()) {
                    problem(r + ".file_prefix", "readiness of " + what + " needs the DPDK file_prefix");
                }
            }
            case ReadinessProbe.UnixSocket u -> nonBlank(u.path(), r + ".path", "readiness socket path of " + what);
            case ReadinessProbe.FileExists f -> nonBlank(f.path(), r + ".path", "readiness file of " + what);
        }
    }

    /** Its stop input: single lines; quiesced a regular expression, and only with a quiesce line. */
    private void stopInput(ServiceSpec s, String path, String what) {
        ServiceStopInput in = s.stopInput();
        if (in == null) {
            return;
        }
        String at = path + ".stop_input";
        for (var line : new String[][] {{"quiesce", in.quiesce()}, {"quit", in.quit()}}) {
            if (line[1] != null && (line[1].isBlank() || line[1].contains("\n")
                    || line[1].length() > AgentLimits.MAX_SERVICE_INPUT_LINE)) {
                problem(at + "." + line[0], line[0] + " of " + what + " must be one line of 1 to "
                        + AgentLimits.MAX_SERVICE_INPUT_LINE + " characters");
            }
        }
        if (in.quiesced() != null) {
            if (in.quiesce() == null) {
                problem(at + ".quiesced", what + " waits for its quiesce line's output but has no quiesce line");
            }
            try {
                Pattern.compile(in.quiesced());
            } catch (PatternSyntaxException e) {
                problem(at + ".quiesced", "quiesced of " + what + " is not a valid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex());
            }
        }
        if (in.quiesce() == null && in.quit() == null) {
            problem(at, "stop_input of " + what + " has neither quiesce nor quit");
        }
    }

    /** Each figure: a name fit for a threshold path, once; exactly one of regex (with a group) and json_pointer. */
    private void figures(ServiceSpec s, String path, String what) {
        Set<String> seen = new HashSet<>();
        if (!s.figures().isEmpty() && s.name() != null && s.name().contains(".")) {
            problem(path + ".name", what + " has figures, so its name cannot have a '.': thresholds name them as"
                    + " services.<service>.figures.<figure>");
        }
        for (int i = 0; i < s.figures().size(); i++) {
            ServiceFigure fig = s.figures().get(i);
            String at = SourceMap.index(path + ".figures", i);
            String which = "figure '" + fig.name() + "' of " + what;
            if (!FIGURE_NAME.matcher(fig.name()).matches()) {
                problem(at + ".name", "figure name '" + fig.name() + "' of " + what + " must be letters, digits and '_'"
                        + " (thresholds name it as services." + s.name() + ".figures." + fig.name() + ")");
            } else if (!seen.add(fig.name())) {
                problem(at + ".name", "duplicate figure name '" + fig.name() + "' of " + what);
            }
            if (fig.file() != null && fig.file().isBlank()) {
                problem(at + ".file", "file of " + which + " is empty; leave it out to read the service's output");
            }
            boolean regex = fig.regex() != null;
            boolean pointer = fig.jsonPointer() != null;
            if (regex == pointer) {
                problem(at, which + (regex ? " has both regex and json_pointer; give one"
                        : " says neither how to read it: give regex (its first group is the figure) or json_pointer"));
            }
            if (regex) {
                try {
                    if (Pattern.compile(fig.regex()).matcher("").groupCount() < 1) {
                        problem(at + ".regex", "regex of " + which + " has no group: put the figure in ( ), e.g."
                                + " '([0-9.]+) requests/s'");
                    }
                } catch (PatternSyntaxException e) {
                    problem(at + ".regex", "regex of " + which + " is not a valid regular expression: "
                            + e.getDescription() + " near index " + e.getIndex());
                }
            }
            if (pointer) {
                try {
                    JsonPointer.compile(fig.jsonPointer());
                } catch (IllegalArgumentException e) {
                    problem(at + ".json_pointer", "json_pointer of " + which + " is not a JSON pointer (RFC 6901: '/'"
                            + " then the keys, e.g. /end/sum_received/bits_per_second): " + e.getMessage());
                }
            }
        }
    }

    private void links(Map<String, HostSpec> hosts) {
        Map<String, Integer> names = new HashMap<>();
        Set<String> services = ServiceOrder.dependencies(p).keySet();
        for (int i = 0; i < p.links().size(); i++) {
            LinkSpec l = p.links().get(i);
            String path = SourceMap.index("links", i);
            Integer first = names.putIfAbsent(l.name(), i);
            if (first != null) {
                problem(path + ".name", "duplicate link name '" + l.name() + "' (also link " + (first + 1) + ")");
            }
            switch (l) {
                case LinkSpec.Ethernet e -> {
                    knownHost(hosts, e.a().host(), path + ".a", "ethernet link '" + l.name() + "'");
                    knownHost(hosts, e.b().host(), path + ".b", "ethernet link '" + l.name() + "'");
                    ipAddress(e.a().address(), true, path + ".a", "ethernet link '" + l.name() + "' end a");
                    ipAddress(e.b().address(), true, path + ".b", "ethernet link '" + l.name() + "' end b");
                }
                case LinkSpec.Memif m -> {
                    String what = "memif link '" + l.name() + "'";
                    knownHost(hosts, m.host(), path + ".host", what);
                    for (String role : List.of("master", "slave")) {
                        String svc = role.equals("master") ? m.master() : m.slave();
                        if (!services.contains(svc)) {
                            problem(path + "." + role, what + ": " + role + " '" + svc + "' is not a service of"
                                    + " the profile" + KeySuggestion.hint(svc, services));
                        }
                    }
                    if (m.master().equals(m.slave())) {
                        problem(path + ".slave", what + ": master and slave are the same service");
                    }
                }
            }
        }
    }

    private void xdp(Map<String, HostSpec> hosts) {
        for (int i = 0; i < p.xdp().size(); i++) {
            XdpSpec x = p.xdp().get(i);
            String path = SourceMap.index("xdp", i);
            knownHost(hosts, x.host(), path + ".host", "xdp attachment " + (i + 1));
            bounds(x, path, "xdp attachment " + (i + 1));
            nonBlank(x.interfaceName(), path + ".interface", "interface of xdp attachment " + (i + 1));
            nonBlank(x.object(), path + ".object", "object of xdp attachment " + (i + 1));
            xdpObject(x.object(), path + ".object", "xdp attachment " + (i + 1));
        }
    }

    /**
     * A user's XDP object (not {@code builtin:…}) is a file on this machine, relative to the
     * profile: it must be there, an ELF file for BPF, and no larger than an agent accepts.
     */
    private void xdpObject(String object, String path, String what) {
        if (object == null || object.isBlank() || object.startsWith("builtin:")) {
            return;
        }
        Path file = Path.of(object);
        if (!file.isAbsolute()) {
            if (p.source() == null || !Files.isRegularFile(p.source()) || p.source().toAbsolutePath().getParent() == null) {
                return; // text not from a file (not saved yet): relative to nothing we know
            }
            file = p.source().toAbsolutePath().getParent().resolve(file);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            problem(path, "the XDP object of " + what + " is not a readable file: " + file
                    + " (a path on this machine, relative to the profile, or builtin:count)");
            return;
        }
        try {
            long size = Files.size(file);
            if (size > AgentLimits.MAX_XDP_OBJECT_BYTES) {
                problem(path, "the XDP object of " + what + " is " + (size >> 20) + " MiB; an agent takes at most "
                        + (AgentLimits.MAX_XDP_OBJECT_BYTES >> 20) + " MiB: " + file);
                return;
            }
            byte[] head = new byte[20];
            int n;
            try (InputStream in = Files.newInputStream(file)) {
                n = in.readNBytes(head, 0, head.length);
            }
            boolean elf = n == head.length && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
            // e_machine at offset 18, in the file's byte order (EI_DATA at 5: 1 little, 2 big endian)
            int machine = !elf ? -1 : head[5] == 2 ? ((head[18] & 0xff) << 8) | (head[19] & 0xff)
                    : ((head[19] & 0xff) << 8) | (head[18] & 0xff);
            if (!elf) {
                problem(path, "the XDP object of " + what + " is not an ELF object file (build it with"
                        + " clang -O2 -g -target bpf -c prog.c -o prog.o): " + file);
            } else if (machine != EM_BPF) {
                problem(path, "the XDP object of " + what + " is an ELF file for another machine (e_machine " + machine
                        + ", BPF is " + EM_BPF + "; build it with clang -target bpf): " + file);
            }
        } catch (IOException e) {
            problem(path, "cannot read the XDP object of " + what + ": " + file + ": " + e.getMessage());
        }
    }

    private void traffic(Map<String, HostSpec> hosts) {
        TrafficSpec t = p.traffic();
        if (t == null) {
            return;
        }
        if (t.source() != null) {
            knownHost(hosts, t.source(), "traffic.source", "traffic source");
        }
        if (t.sink() != null) {
            knownHost(hosts, t.sink(), "traffic.sink", "traffic sink");
        }
        if ((t.destination() == null || t.destination().isBlank()) && (t.sink() == null || hosts.containsKey(t.sink()))) {
            problem("traffic.destination", "traffic has no destination address (" + label("traffic.destination") + ")");
        }
        if (t.destination() != null && LOOKS_NUMERIC.matcher(t.destination()).matches()) {
            ipAddress(t.destination(), false, "traffic.destination", "traffic destination");
        }
        section(t, "traffic");
        if (t.flows() >= 1 && t.ports().size() != t.flows()) {
            problem("traffic.ports", t.flows() + " flows but " + t.ports().size() + " ports in " + label("traffic.ports")
                    + ": give one destination"
                    + " port per flow, or leave 'ports' out to use " + ProfileDefaults.FIRST_TRAFFIC_PORT + " onwards");
        }
        List<FlowSpec> perFlow = t.perFlow() == null ? List.of() : t.perFlow();
        if (perFlow.size() > t.flows()) {
            problem("traffic.per_flow", perFlow.size() + " entries in " + label("traffic.per_flow") + " but " + t.flows()
                    + " flows: one entry per flow at most");
        }
        for (int i = 0; i < perFlow.size(); i++) {
            String at = SourceMap.index("traffic.per_flow", i);
            bounds(perFlow.get(i), at, "flow " + (i + 1));
            String which = "flow " + (i + 1) + ": ";
            dev.labdeck.protocol.PayloadPattern.problem(perFlow.get(i).payload())
                    .ifPresent(why -> problem(SourceMap.child(at, "payload"), which + why));
        }
        Map<Integer, Integer> seen = new HashMap<>();
        for (int i = 0; i < t.ports().size(); i++) {
            int port = t.ports().get(i);
            if (port >= AgentLimits.MIN_PORT && port <= AgentLimits.MAX_PORT && seen.putIfAbsent(port, i) != null) {
                problem(SourceMap.index("traffic.ports", i), "traffic port " + port
                        + " is given twice: each flow needs its own port");
            }
        }
    }

    /** The bounds of a top-level section's keys; messages name each value by its path (or the seed's key). */
    private void section(Record r, String path) {
        if (r != null) {
            bounds(r, path, null);
        }
    }

    /**
     * Every bound the definition gives for {@code r}'s keys (numbers, ports, durations; each item
     * of a list). {@code owner} names a list item or host in messages ("start_timeout of service
     * 'x' on host 'a'"); null names the value by its path ("traffic.rate_pps").
     */
    private void bounds(Record r, String path, String owner) {
        @SuppressWarnings("unchecked")
        Class<? extends Record> type = (Class<? extends Record>) r.getClass();
        for (ProfileDefinition.Field f : ProfileDefinition.fields(type)) {
            if (f.def().custom() || f.def().internal()) {
                continue;
            }
            String at = SourceMap.child(path, f.key());
            String subject = owner == null ? label(at) : f.what() + " of " + owner;
            Object v = f.get(r);
            switch (f.shape()) {
                case WHOLE -> {
                    if (v != null && !(((Number) v).longValue() == 0 && !f.def().zeroWord().isEmpty())) {
                        whole(f, ((Number) v).longValue(), at, subject);
                    }
                }
                case WHOLE_LIST -> {
                    List<?> items = v == null ? List.of() : (List<?>) v;
                    String item = f.def().port() ? "port in " + subject : subject;
                    for (int i = 0; i < items.size(); i++) {
                        if (items.get(i) instanceof Number n) {
                            whole(f, n.longValue(), SourceMap.index(at, i), item);
                        }
                    }
                }
                case DURATION -> {
                    if (f.def().positive()) {
                        positive((Duration) v, at, subject);
                    } else {
                        notNegative((Duration) v, at, subject);
                    }
                }
                default -> { }
            }
        }
    }

    private void whole(ProfileDefinition.Field f, long v, String path, String subject) {
        boolean below = f.hasMin() && v < f.min();
        boolean above = f.hasMax() && v > f.max();
        if (!below && !above) {
            return;
        }
        String unit = f.def().unit().isEmpty() ? "" : " " + f.def().unit();
        String why = f.def().why().isEmpty() ? "" : " " + f.def().why();
        String range = subject + " must be " + f.min() + " to " + f.max() + unit + why + ", got " + v;
        if (f.def().port()) {
            problem(path, subject + " " + v + " is out of range " + f.min() + "-" + f.max());
        } else if (below) {
            problem(path, f.hasMax() && f.min() != 1 ? range : f.min() == 1 && !unit.isEmpty()
                    ? subject + " must be above zero" + unit + ", got " + v
                    : subject + " must be at least " + f.min() + unit + ", got " + v);
        } else {
            problem(path, !f.hasMin() || f.min() <= 1 ? subject + " must be at most " + f.max() + unit + why
                    + ", got " + v : range);
        }
    }

    private void baseline() {
        BaselineSpec b = p.baseline();
        if (b == null) {
            return;
        }
        if (b.kind() == BaselineKind.WITHOUT_XDP && p.xdp().isEmpty()) {
            problem("baseline.kind", "baseline 'without-xdp' compares against the same run without XDP, but the"
                    + " profile attaches no XDP program");
        }
        if (b.kind() == BaselineKind.RUN && (b.run() == null || b.run().isBlank())) {
            problem("baseline", "baseline 'run' needs 'run': the run directory to compare against");
        }
    }

    private void sweepAndSearch() {
        SweepSpec sw = p.sweep();
        SearchSpec se = p.search();
        if ((sw != null || se != null) && p.traffic() == null) {
            problem(sw != null ? "sweep" : "search", (sw != null ? "a sweep" : "a search") + " measures the profile's traffic, but it has none");
        }
        if (sw != null && se != null) {
            problem("search", "a profile either sweeps or searches; give 'sweep' or 'search', not both");
        }
        if (sw != null) {
            bounds(sw, "sweep", null);
            twice(sw.ratePps(), "sweep.rate_pps");
            twice(sw.packetSize(), "sweep.packet_size");
            boolean listed = sw.ratePps() != null && !sw.ratePps().isEmpty();
            boolean spanned = sw.fromPps() != null || sw.toPps() != null;
            if (listed && spanned) {
                problem("sweep", "give the sweep's rates as rate_pps or as from_pps and to_pps, not both");
            } else if (spanned && (sw.fromPps() == null || sw.toPps() == null)) {
                problem("sweep", "a span of rates needs both from_pps and to_pps");
            } else if (!listed && !spanned && (sw.packetSize() == null || sw.packetSize().isEmpty())) {
                problem("sweep", "a sweep needs rates (rate_pps, or from_pps and to_pps) or packet sizes (packet_size)");
            }
        }
        if (se != null) {
            bounds(se, "search", null);
            String why = se.resolutionProblem();
            if (why != null) {
                problem("search.resolution", why);
            }
            if (se.minPps() > se.maxPps()) {
                problem("search.min_pps", "search.min_pps " + se.minPps() + " is above max_pps " + se.maxPps());
            }
        }
    }

    /** A value listed twice in a sweep would measure the same step twice. */
    private void twice(List<Integer> items, String path) {
        if (items == null) {
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.indexOf(items.get(i)) < i) {
                problem(SourceMap.index(path, i), label(path) + " lists " + items.get(i) + " twice");
            }
        }
    }

    private String label(String path) {
        return positions.label(path);
    }

    /** Digits, dots and a slash only: meant as an IPv4 address (a host name has letters). */
    private static final java.util.regex.Pattern LOOKS_NUMERIC = java.util.regex.Pattern.compile("[0-9./]+");
    private static final java.util.regex.Pattern IPV4 =
            java.util.regex.Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,3}))?");

    /**
     * An IPv4 address (four numbers 0-255) or an IPv6 literal, with a prefix length (0-32, 0-128)
     * when {@code prefix} allows one; null is fine (the value is optional).
     */
    private void ipAddress(String value, boolean prefix, String path, String what) {
        if (value == null) {
            return;
        }
        String v = value.strip();
        String expected = prefix ? "an IP address with an optional prefix length, e.g. 10.0.0.1/24" : "an IP address such as 10.0.0.1";
        if (v.contains(":")) {
            int slash = v.indexOf('/');
            String addr = slash < 0 ? v : v.substring(0, slash);
            try {
                java.net.InetAddress.ofLiteral(addr);
            } catch (IllegalArgumentException e) {
                problem(path, what + ": '" + value + "' is not " + expected);
                return;
            }
            if (slash >= 0 && (!prefix || !v.substring(slash + 1).matches("\\d{1,3}") || Integer.parseInt(v.substring(slash + 1)) > 128)) {
                problem(path, what + ": '" + value + "' has a prefix length that is not 0-128" + (prefix ? "" : " (no prefix here)"));
            }
            return;
        }
        java.util.regex.Matcher m = IPV4.matcher(v);
        if (!m.matches()) {
            problem(path, what + ": '" + value + "' is not " + expected);
            return;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                problem(path, what + ": '" + value + "' is not an IPv4 address: each of its four numbers must be 0-255");
                return;
            }
        }
        if (m.group(5) != null && !prefix) {
            problem(path, what + ": '" + value + "' is an address, without a /prefix here");
        } else if (m.group(5) != null && Integer.parseInt(m.group(5)) > 32) {
            problem(path, what + ": '" + value + "' has prefix length /" + m.group(5) + "; an IPv4 prefix is 0-32");
        }
    }

    private void knownHost(Map<String, HostSpec> hosts, String name, String path, String what) {
        if (name == null || !hosts.containsKey(name)) {
            problem(path, what + " names unknown host '" + name + "'" + KeySuggestion.hint(String.valueOf(name),
                    hosts.keySet()) + (hosts.isEmpty() ? "" : "; hosts are: " + String.join(", ", hosts.keySet())));
        }
    }

    private boolean port(int port, String path, String what) {
        if (port < 1 || port > 65_535) {
            problem(path, what + " " + port + " is out of range 1-65535");
            return false;
        }
        return true;
    }

    /** The shortest positive duration an agent can be given (it counts milliseconds). */
    private static final Duration SHORTEST = Duration.ofMillis(1);
    /** ELF e_machine of BPF objects. */
    private static final int EM_BPF = 247;

    private void positive(Duration d, String path, String what) {
        if (d == null || d.isZero() || d.isNegative()) {
            problem(path, what + " must be above zero, got " + (d == null ? "nothing" : Durations.human(d)));
        } else if (d.compareTo(SHORTEST) < 0) {
            // agents count time in milliseconds: a shorter positive duration would reach them as 0
            problem(path, what + " must be at least 1 ms, got " + Durations.format(d));
        }
    }

    private void notNegative(Duration d, String path, String what) {
        if (d != null && d.isNegative()) {
            problem(path, what + " must not be negative, got " + Durations.human(d));
        }
    }

    private void nonBlank(String s, String path, String what) {
        if (s == null || s.isBlank()) {
            problem(path, what + " is empty");
        }
    }
}
