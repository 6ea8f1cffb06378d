package dev.labdeck.gui.lab;

import dev.labdeck.controller.profile.FlowSpec;
import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.LinkSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ServiceSpec;
import dev.labdeck.controller.profile.TrafficSpec;
import dev.labdeck.controller.profile.AgentSettings;
import dev.labdeck.controller.profile.ProfileDefinition;
import dev.labdeck.controller.profile.XdpSpec;
import dev.labdeck.gui.profile.ProfileDocument;
import dev.labdeck.gui.profile.ProfileEdits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Lab view's state: the topology to draw (host cards, link lines), what is selected, the
 * inspector's fields for it, and the profile's problems. Every edit goes through the
 * {@link ProfileDocument}, so the YAML preview, dirty flag and validation follow.
 */
public final class LabViewModel {
    static final double GRID_X = 300, GRID_Y = 210, MARGIN_X = 40, MARGIN_Y = 40;
    static final List<String> ROLES = List.of("src", "dst", "memif");

    private final ProfileDocument document;
    private final ObservableList<HostCard> hosts = FXCollections.observableArrayList();
    private final ObservableList<LinkLine> links = FXCollections.observableArrayList();
    private final ObjectProperty<LabSelection> selection = new SimpleObjectProperty<>();
    private final ObservableList<InspectorField> inspector = FXCollections.observableArrayList();
    private final StringBinding validationSummary;
    private boolean inspectorEditing;
    private final javafx.beans.property.StringProperty focusField = new javafx.beans.property.SimpleStringProperty("");
    private final javafx.beans.property.StringProperty fieldError = new javafx.beans.property.SimpleStringProperty("");

    /** The validation summary while no profile is open: not a problem, so not shown as one. */
    public static final String NO_PROFILE = "No profile open";

    public LabViewModel(ProfileDocument document) {
        this.document = document;
        document.profileProperty().addListener((o, a, b) -> refresh());
        selection.addListener((o, a, b) -> refreshInspector());
        validationSummary = Bindings.createStringBinding(() -> {
            if (document.profile() == null) return NO_PROFILE;
            int n = document.problems().size();
            return n == 0 ? "Valid: ready to run" : n + (n == 1 ? " problem" : " problems") + " (as labdeck validate reports them)";
        }, document.problems(), document.profileProperty());
        refresh();
    }

    public ObservableList<HostCard> hosts() { return hosts; }
    public ObservableList<LinkLine> links() { return links; }
    public ObjectProperty<LabSelection> selectionProperty() { return selection; }
    public ObservableList<InspectorField> inspector() { return inspector; }
    public ObservableList<String> problems() { return document.problems(); }
    public StringBinding validationSummary() { return validationSummary; }
    public ProfileDocument document() { return document; }

    public void select(LabSelection s) {
        selection.set(s);
    }

    /** Where a host was dropped after a drag; saved in the profile as its position. */
    public void moveHost(String name, double x, double y) {
        HostSpec.Position pos = new HostSpec.Position(Math.max(0, Math.round(x)), Math.max(0, Math.round(y)));
        edit(ProfileEdits.editHost(profile(), name, h -> ProfileEdits.host(h).position(pos).build()));
    }

    public void addHost() {
        Profile p = profile();
        String name = unique("host", p.hosts().stream().map(HostSpec::name).toList());
        HostSpec h = new HostSpec(name, "127.0.0.1", HostSpec.Transport.LOCAL, 22, null, null, Set.of(), null, List.of(), null);
        List<HostSpec> hs = new ArrayList<>(p.hosts());
        hs.add(h);
        edit(ProfileEdits.withHosts(p, hs));
        select(new LabSelection.Host(name));
    }

    /** An ethernet link from the selected host (or the first) to another host. */
    public void addEthernetLink() {
        Profile p = profile();
        if (p.hosts().isEmpty()) return;
        String a = selectedHost() != null ? selectedHost() : p.hosts().getFirst().name();
        String b = p.hosts().stream().map(HostSpec::name).filter(n -> !n.equals(a)).findFirst().orElse(a);
        String name = unique(a + "-" + b, p.links().stream().map(LinkSpec::name).toList());
        List<LinkSpec> ls = new ArrayList<>(p.links());
        ls.add(new LinkSpec.Ethernet(name, new LinkSpec.Endpoint(a, "eth0", null), new LinkSpec.Endpoint(b, "eth0", null)));
        edit(ProfileEdits.withLinks(p, ls));
        select(new LabSelection.Link(name));
    }

    /** A memif link on the selected host, from its first service (master) to its second (slave). */
    public void addMemifLink() {
        Profile p = profile();
        if (p.hosts().isEmpty()) return;
        String host = selectedHost() != null ? selectedHost() : p.hosts().getFirst().name();
        List<String> services = p.host(host).map(h -> h.services().stream().map(ServiceSpec::name).toList()).orElse(List.of());
        String master = services.size() > 0 ? services.get(0) : "master";
        String slave = services.size() > 1 ? services.get(1) : "slave";
        String name = unique("memif", p.links().stream().map(LinkSpec::name).toList());
        List<LinkSpec> ls = new ArrayList<>(p.links());
        ls.add(new LinkSpec.Memif(name, host, master, slave, "/run/labdeck/" + name + ".sock"));
        edit(ProfileEdits.withLinks(p, ls));
        select(new LabSelection.Link(name));
    }

    public void addXdp() {
        Profile p = profile();
        if (p.hosts().isEmpty()) return;
        String host = selectedHost() != null ? selectedHost() : p.hosts().getLast().name();
        List<XdpSpec> xs = new ArrayList<>(p.xdp());
        xs.add(new XdpSpec(host, "eth0", "builtin:count", "xdp_count", "native", false, "pass"));
        edit(ProfileEdits.withXdp(p, xs));
        select(new LabSelection.Xdp(xs.size() - 1));
    }

    public void addService() {
        Profile p = profile();
        if (p.hosts().isEmpty()) return;
        String host = selectedHost() != null ? selectedHost() : p.hosts().getFirst().name();
        List<String> all = p.hosts().stream().flatMap(h -> h.services().stream()).map(ServiceSpec::name).toList();
        String name = unique("service", all);
        ServiceSpec s = new ServiceSpec(name, List.of("/usr/bin/true"), null, Map.of(), List.of(), List.of(), null,
                Duration.ofSeconds(30), "TERM", Duration.ofSeconds(5), true);
        edit(ProfileEdits.editHost(p, host, h -> {
            List<ServiceSpec> ss = new ArrayList<>(h.services());
            ss.add(s);
            return ProfileEdits.host(h).services(ss).build();
        }));
        select(new LabSelection.Service(host, name));
    }

    /**
     * What removing the selected host takes with it or leaves pointing at nothing, one line each,
     * for the confirmation; empty when the selection is not a host.
     */
    public List<String> removalConsequences() {
        Profile p = profile();
        if (p == null || !(selection.get() instanceof LabSelection.Host h)) return List.of();
        List<String> out = new ArrayList<>();
        for (LinkSpec l : p.links()) {
            if (touches(l, h.name())) out.add("removes " + (l instanceof LinkSpec.Memif ? "memif" : "ethernet") + " link " + l.name());
        }
        for (XdpSpec x : p.xdp()) {
            if (h.name().equals(x.host())) out.add("removes XDP " + x.object() + " on " + x.interfaceName());
        }
        p.host(h.name()).ifPresent(x -> x.services().forEach(s -> out.add("removes service " + s.name())));
        if (p.traffic() != null && h.name().equals(p.traffic().source())) out.add("traffic source still names " + h.name() + ": pick another (flagged in Problems)");
        if (p.traffic() != null && h.name().equals(p.traffic().sink())) out.add("traffic sink still names " + h.name() + ": pick another (flagged in Problems)");
        return out;
    }

    /** Removes what is selected; removing a host also removes its links and XDP programs. */
    public void removeSelected() {
        Profile p = profile();
        LabSelection s = selection.get();
        if (p == null || s == null) return;
        Profile q = switch (s) {
            case LabSelection.Host h -> {
                Profile r = ProfileEdits.withHosts(p, p.hosts().stream().filter(x -> !x.name().equals(h.name())).toList());
                r = ProfileEdits.withLinks(r, r.links().stream().filter(l -> !touches(l, h.name())).toList());
                yield ProfileEdits.withXdp(r, r.xdp().stream().filter(x -> !h.name().equals(x.host())).toList());
            }
            case LabSelection.Link l -> ProfileEdits.withLinks(p, p.links().stream().filter(x -> !x.name().equals(l.name())).toList());
            case LabSelection.Xdp x -> {
                List<XdpSpec> xs = new ArrayList<>(p.xdp());
                if (x.index() < xs.size()) xs.remove(x.index());
                yield ProfileEdits.withXdp(p, xs);
            }
            case LabSelection.Service sv -> ProfileEdits.editHost(p, sv.host(), h -> ProfileEdits.host(h)
                    .services(h.services().stream().filter(x -> !x.name().equals(sv.name())).toList()).build());
            case LabSelection.Test t -> p;
        };
        selection.set(null);
        edit(q);
    }

    private static boolean touches(LinkSpec l, String host) {
        return switch (l) {
            case LinkSpec.Ethernet e -> host.equals(e.a().host()) || host.equals(e.b().host());
            case LinkSpec.Memif m -> host.equals(m.host());
        };
    }

    private String selectedHost() {
        return switch (selection.get()) {
            case LabSelection.Host h -> h.name();
            case LabSelection.Service s -> s.host();
            case LabSelection.Xdp x -> x.index() < profile().xdp().size() ? profile().xdp().get(x.index()).host() : null;
            case null, default -> null;
        };
    }

    private Profile profile() {
        return document.profile();
    }

    private void edit(Profile changed) {
        document.edit(changed);
    }

    private void refresh() {
        Profile p = profile();
        if (p == null) {
            hosts.clear();
            links.clear();
            inspector.clear();
            return;
        }
        List<HostCard> cards = new ArrayList<>();
        List<List<ServiceNode>> nodes = p.hosts().stream().map(h -> serviceNodes(h, p)).toList();
        double[] columns = columns(p, nodes);
        for (int i = 0; i < p.hosts().size(); i++) {
            HostSpec h = p.hosts().get(i);
            List<String> xdp = p.xdp().stream().filter(x -> h.name().equals(x.host()))
                    .map(x -> "XDP " + x.object() + " on " + x.interfaceName() + " (" + x.mode() + ", " + x.action() + ")").toList();
            double[] at = position(h, i, p.hosts().size(), columns);
            cards.add(new HostCard(h.name(), h.address(), h.transport() == HostSpec.Transport.LOCAL, roles(h, p),
                    xdp, h.services().stream().map(ServiceSpec::name).toList(), nodes.get(i), at[0], at[1]));
        }
        hosts.setAll(cards);
        List<LinkLine> lines = new ArrayList<>();
        for (LinkSpec l : p.links()) {
            lines.add(switch (l) {
                case LinkSpec.Ethernet e -> new LinkLine(e.name(), LinkLine.Kind.ETHERNET, e.a().host(), e.b().host(),
                        endLabel(e.a(), p), endLabel(e.b(), p), false);
                case LinkSpec.Memif m -> memifLine(p, m);
            });
        }
        links.setAll(lines);
        // keep the selection if it still exists, so the inspector follows edits
        if (selection.get() != null && !exists(selection.get())) selection.set(null);
        // an edit typed into the inspector must not rebuild the editor being typed into
        if (!inspectorEditing) refreshInspector();
    }

    /**
     * A host's services laid out as the seed draws them: each memif link puts its slave left of its
     * master on one row; a service that starts after one of them goes above it; the rest follow.
     */
    static List<ServiceNode> serviceNodes(HostSpec h, Profile p) {
        List<ServiceSpec> services = h.services();
        if (services.isEmpty()) return List.of();
        Set<String> names = new LinkedHashSet<>(services.stream().map(ServiceSpec::name).toList());
        Map<String, String> role = new java.util.HashMap<>();
        Map<String, int[]> at = new java.util.LinkedHashMap<>();
        int column = 0;
        for (LinkSpec l : p.links()) {
            if (l instanceof LinkSpec.Memif m && names.contains(m.master()) && names.contains(m.slave())) {
                role.merge(m.master(), "master", (a, b) -> a.contains(b) ? a : a + ", " + b);
                role.merge(m.slave(), "slave", (a, b) -> a.contains(b) ? a : a + ", " + b);
                if (!at.containsKey(m.slave())) at.put(m.slave(), new int[] {column++, 1});
                if (!at.containsKey(m.master())) at.put(m.master(), new int[] {column++, 1});
            }
        }
        boolean anyMemif = !at.isEmpty();
        Map<String, String> attachedTo = new java.util.HashMap<>();
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (int[] c : at.values()) taken.add(c[0] + ":" + c[1]);
        for (ServiceSpec s : services) {
            if (at.containsKey(s.name())) continue;
            int[] place = null;
            // the seed's client sits on the client-side load balancer (lb_c), the server on lb_s:
            // first a memif service whose name ends in the same side letter, then what it starts after
            List<String> anchors = new ArrayList<>();
            String side = s.name().isEmpty() ? "" : s.name().substring(0, 1).toLowerCase(java.util.Locale.ROOT);
            for (String m : role.keySet()) {
                String tail = m.toLowerCase(java.util.Locale.ROOT);
                if (tail.endsWith("_" + side) || tail.endsWith("-" + side)) anchors.add(m);
            }
            anchors.addAll(s.after());
            for (String dep : anchors) {
                int[] d = at.get(dep);
                if (d != null && d[1] - 1 >= 0 && !taken.contains(d[0] + ":" + (d[1] - 1))) {
                    place = new int[] {d[0], d[1] - 1};
                    attachedTo.put(s.name(), dep);
                    break;
                }
            }
            if (place == null) place = new int[] {column++, anyMemif ? 1 : 0};
            at.put(s.name(), place);
            taken.add(place[0] + ":" + place[1]);
        }
        int minRow = at.values().stream().mapToInt(c -> c[1]).min().orElse(0);
        List<ServiceNode> out = new ArrayList<>();
        for (ServiceSpec s : services) {
            int[] c = at.get(s.name());
            out.add(new ServiceNode(s.name(), s.cores(), role.getOrDefault(s.name(), ""), s.after(), attachedTo.get(s.name()),
                    c[0], c[1] - minRow));
        }
        return out;
    }

    /** The canvas shows a host's roles; the traffic's source and sink are roles too. */
    private static Set<String> roles(HostSpec h, Profile p) {
        Set<String> r = new LinkedHashSet<>(h.roles());
        if (p.traffic() != null) {
            if (h.name().equals(p.traffic().source())) r.add("src");
            if (h.name().equals(p.traffic().sink())) r.add("dst");
        }
        return r;
    }

    private static LinkLine memifLine(Profile p, LinkSpec.Memif m) {
        // master/slave name services on m.host(); a profile may also name two hosts
        boolean hostsNamed = p.host(m.master()).isPresent() && p.host(m.slave()).isPresent() && !m.master().equals(m.slave());
        if (hostsNamed) return new LinkLine(m.name(), LinkLine.Kind.MEMIF, m.master(), m.slave(), "master", "slave", false);
        return new LinkLine(m.name(), LinkLine.Kind.MEMIF, m.host(), m.host(), m.master() + " (master)", m.slave() + " (slave)", true);
    }

    /**
     * "veth-dst 192.168.50.2/24", and on a second line the XDP program attached on that interface, if
     * any: two short lines fit between two cards where one long one would run under the other card.
     */
    static String endLabel(LinkSpec.Endpoint e, Profile p) {
        String xdp = p.xdp().stream().filter(x -> e.host().equals(x.host()) && e.interfaceName().equals(x.interfaceName()))
                .map(x -> "\nXDP " + x.object().replace("builtin:", "") + " (" + x.mode() + ")").findFirst().orElse("");
        return e.interfaceName() + (e.address() == null || e.address().isBlank() ? "" : " " + e.address()) + xdp;
    }

    /** The width a character of the canvas's labels takes, at most (13 px system font), to leave room for end labels. */
    static final double LABEL_CHAR_WIDTH = 7.5;
    /** Room an end label needs beside it: its gap to its own card, to the other card, and the cards' shadows. */
    static final double LABEL_ROOM = 60;

    /**
     * The left edge of each host's card on the grid (for hosts without a saved position): a row's cards
     * side by side, each after the one before it by that card's width (a card with services is wider)
     * and a gap wide enough for the longest line of a link's end label, so labels stand between the
     * cards, not under them.
     */
    static double[] columns(Profile p, List<List<ServiceNode>> nodes) {
        int count = p.hosts().size();
        int perRow = Math.max(2, (int) Math.ceil(Math.sqrt(count)));
        int longest = 0;
        for (LinkSpec l : p.links()) {
            if (!(l instanceof LinkSpec.Ethernet e)) continue;
            for (String label : List.of(endLabel(e.a(), p), endLabel(e.b(), p))) {
                for (String line : label.split("\n")) longest = Math.max(longest, line.length());
            }
        }
        double gap = Math.max(GRID_X - TopologyView.CARD_WIDTH, longest * LABEL_CHAR_WIDTH + LABEL_ROOM);
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = i % perRow == 0 ? MARGIN_X : x[i - 1] + cardWidth(nodes.get(i - 1)) + gap;
        }
        return x;
    }

    /** A card's width as the canvas draws it: wider than the default when its services' graph needs it. */
    static double cardWidth(List<ServiceNode> nodes) {
        int cols = nodes.stream().mapToInt(n -> n.column() + 1).max().orElse(0);
        if (cols == 0) return TopologyView.CARD_WIDTH;
        return Math.max(TopologyView.CARD_WIDTH, cols * (TopologyView.NODE_W + TopologyView.GAP_X) - TopologyView.GAP_X + 24);
    }

    /** A saved position, or a place on a grid ({@code columns}: each card's left edge): src left, dst right, the rest below. */
    static double[] position(HostSpec h, int index, int count, double[] columns) {
        if (h.position() != null) return new double[] {h.position().x(), h.position().y()};
        int perRow = Math.max(2, (int) Math.ceil(Math.sqrt(count)));
        return new double[] {columns[index], MARGIN_Y + (index / perRow) * GRID_Y};
    }

    private boolean exists(LabSelection s) {
        Profile p = profile();
        return switch (s) {
            case LabSelection.Host h -> p.host(h.name()).isPresent();
            case LabSelection.Link l -> p.links().stream().anyMatch(x -> x.name().equals(l.name()));
            case LabSelection.Xdp x -> x.index() < p.xdp().size();
            case LabSelection.Service sv -> p.host(sv.host()).map(h -> h.services().stream().anyMatch(x -> x.name().equals(sv.name()))).orElse(false);
            case LabSelection.Test t -> true;
        };
    }

    /**
     * Applies an inspector edit; the inspector keeps its editors (and focus) while doing it, unless
     * the edit changes which fields there are (a readiness of another kind, a baseline run): then it
     * is rebuilt so they show.
     *
     * @return whether the edit was applied (false: the field error says why)
     */
    public boolean applyField(InspectorField field, Object value) {
        inspectorEditing = true;
        try {
            field.apply().accept(value);
            fieldError.set("");
        } catch (IllegalArgumentException e) {
            fieldError.set(shownName(field) + ": " + e.getMessage());
            return false;
        } finally {
            inspectorEditing = false;
        }
        List<InspectorField> now = fieldsFor(selection.get());
        if (!names(now).equals(names(inspector))) inspector.setAll(now);
        return true;
    }

    private static List<String> names(List<InspectorField> fields) {
        return fields.stream().map(f -> f.category() + "/" + f.name()).toList();
    }

    /** The field's name as the inspector shows it: fields of other headings than the first lead with theirs ("Flow 1 share"). */
    private String shownName(InspectorField field) {
        boolean primary = inspector.isEmpty() || inspector.getFirst().category().equals(field.category());
        return primary ? field.name() : field.category() + " " + InspectorField.lowerFirst(field.name());
    }

    /** The inspector field to put the cursor in: "category/name", set when a problem is clicked. */
    public javafx.beans.property.ReadOnlyStringProperty focusFieldProperty() { return focusField; }

    /**
     * Goes from a problem to its field: selects the host, link, XDP program, service or the test
     * settings the problem's line belongs to, and asks the view to focus the field.
     */
    public void reveal(String problem) {
        Profile p = profile();
        ProfileDocument.Position at = ProfileDocument.positionOf(problem);
        if (p == null || at.line() <= 0) return;
        String path = document.files().pathAt(document.text(), at.line());
        String[] parts = path.split("\\.");
        String field = null;
        LabSelection target = new LabSelection.Test();
        java.util.regex.Matcher item = java.util.regex.Pattern.compile("^(\\w+)\\[(\\d+)\\](?:\\.(\\w+))?").matcher(path);
        if (path.startsWith("hosts.") && parts.length >= 2) {
            String host = parts[1];
            java.util.regex.Matcher svc = java.util.regex.Pattern.compile("^hosts\\.[^.]+\\.services\\[(\\d+)\\](?:\\.(\\w+))?(?:\\.(\\w+))?").matcher(path);
            if (svc.find()) {
                int i = Integer.parseInt(svc.group(1));
                var services = p.host(host).map(HostSpec::services).orElse(List.of());
                if (i < services.size()) target = new LabSelection.Service(host, services.get(i).name());
                field = svc.group(2) == null ? "Service/Name" : switch (svc.group(2)) {
                    case "command" -> "Service/Command";
                    case "workdir" -> "Service/Working directory";
                    case "env" -> ENV_CATEGORY + "/" + ENV_NAME;
                    case "cores" -> "Service/Cores";
                    case "after" -> "Order/After";
                    case "readiness" -> Readiness.CATEGORY + "/" + (svc.group(3) == null ? "Kind" : switch (svc.group(3)) {
                        case "path" -> i < services.size() && services.get(i).readiness() instanceof dev.labdeck.protocol.ReadinessProbe.FileExists ? "File" : "Socket";
                        case "port" -> i < services.size() && services.get(i).readiness() instanceof dev.labdeck.protocol.ReadinessProbe.DpdkLinkUp ? "DPDK port" : "Port";
                        case "pattern" -> "Pattern";
                        case "file_prefix" -> "File prefix";
                        case "duration" -> "Delay";
                        default -> "Kind";
                    });
                    case "start_timeout" -> Readiness.CATEGORY + "/Timeout";
                    case "stop_signal" -> "Stop/Signal";
                    case "stop_grace" -> "Stop/Grace (s)";
                    default -> "Service/Name";
                };
            } else {
                target = new LabSelection.Host(host);
                field = parts.length < 3 ? "Host/Name" : switch (parts[2]) {
                    case "address" -> "Host/Address";
                    case "transport" -> "Host/Transport";
                    case "roles" -> "Host/Roles";
                    case "port" -> "SSH/Port";
                    case "user" -> "SSH/User";
                    case "key" -> "SSH/Key file";
                    default -> "Host/Name";
                };
            }
        } else if (item.find() && item.group(1).equals("links")) {
            int i = Integer.parseInt(item.group(2));
            if (i < p.links().size()) target = new LabSelection.Link(p.links().get(i).name());
            String k = item.group(3) == null ? "name" : item.group(3);
            boolean address = at.message().contains("address") || at.message().contains("CIDR") || at.message().contains("IP");
            field = switch (k) {
                case "a" -> address ? "End A/Address" : "End A/Interface";
                case "b" -> address ? "End B/Address" : "End B/Interface";
                case "master" -> "Memif link/Master";
                case "slave" -> "Memif link/Slave";
                case "socket" -> "Memif link/Socket";
                case "host" -> "Memif link/Host";
                default -> i < p.links().size() && p.links().get(i) instanceof LinkSpec.Memif ? "Memif link/Name" : "Ethernet link/Name";
            };
        } else if (path.startsWith("xdp[")) {
            java.util.regex.Matcher x = java.util.regex.Pattern.compile("^xdp\\[(\\d+)\\](?:\\.(\\w+))?").matcher(path);
            if (x.find()) {
                int i = Integer.parseInt(x.group(1));
                if (i < p.xdp().size()) target = new LabSelection.Xdp(i);
                field = "XDP/" + switch (x.group(2) == null ? "" : x.group(2)) {
                    case "interface" -> "Interface";
                    case "object" -> "Object";
                    case "program" -> "Program";
                    case "mode" -> "Mode";
                    case "action" -> "Action";
                    default -> "Host";
                };
            }
        } else if (path.startsWith("traffic")) {
            field = "Traffic/" + switch (parts.length > 1 ? parts[1] : "") {
                case "source" -> "Source";
                case "sink" -> "Sink";
                case "destination" -> "Destination";
                case "flows" -> at.message().contains("port") ? "Ports" : "Flows";
                case "ports" -> "Ports";
                case "rate_pps" -> "Rate (pps)";
                case "packet_size" -> "Payload (bytes)";
                case "warmup" -> "Warmup";
                case "cooldown" -> "Cooldown";
                default -> "Duration";
            };
        } else if (path.startsWith("monitoring")) {
            field = path.endsWith("metrics") ? "Monitoring/Metrics" : "Monitoring/Sample interval";
        } else if (path.startsWith("thresholds")) {
            field = "Thresholds/Must hold";
        } else if (path.startsWith("baseline")) {
            field = "Baseline/Kind";
        } else {
            field = path.startsWith("description") ? "Test/Description" : "Test/Name";
        }
        select(target);
        focusField.set("");
        focusField.set(field);
    }

    /** Why the last field edit was not applied (text that is not a port list, a duration ...), or empty. */
    public javafx.beans.property.ReadOnlyStringProperty fieldErrorProperty() { return fieldError; }

    private void refreshInspector() {
        Profile p = profile();
        LabSelection s = selection.get();
        if (p == null) {
            inspector.clear();
            return;
        }
        inspector.setAll(fieldsFor(s));
    }

    /** The inspector's fields for {@code s} (null: the test settings) in the profile as it is now. */
    private List<InspectorField> fieldsFor(LabSelection s) {
        Profile p = profile();
        if (p == null) return List.of();
        if (s == null) s = new LabSelection.Test();
        return (switch (s) {
            case LabSelection.Host h -> p.host(h.name()).map(this::hostFields).orElse(List.of());
            case LabSelection.Link l -> p.links().stream().filter(x -> x.name().equals(l.name())).findFirst().map(this::linkFields).orElse(List.of());
            case LabSelection.Xdp x -> x.index() < p.xdp().size() ? xdpFields(x.index(), p.xdp().get(x.index())) : List.of();
            case LabSelection.Service sv -> p.host(sv.host()).flatMap(h -> h.services().stream().filter(x -> x.name().equals(sv.name())).findFirst())
                    .map(x -> serviceFields(sv.host(), x)).orElse(List.of());
            case LabSelection.Test t -> testFields(p);
        });
    }

    private List<InspectorField> testFields(Profile p) {
        List<InspectorField> f = new ArrayList<>();
        f.add(InspectorField.text("Test", "Name", "The profile's name; run directories carry it", p.name(),
                v -> edit(ProfileEdits.withName(profile(), v))));
        f.add(InspectorField.text("Test", "Description", "One line on what the test is for", p.description(),
                v -> edit(ProfileEdits.withDescription(profile(), blankToNull(v)))));
        TrafficSpec t = p.traffic();
        if (t != null) {
            List<String> hostNames = p.hosts().stream().map(HostSpec::name).toList();
            f.add(InspectorField.choice("Traffic", "Source", "Host whose agent sends the UDP flows", t.source(), hostNames,
                    v -> editTraffic(x -> ProfileEdits.traffic(x).source(v).build())));
            f.add(InspectorField.choice("Traffic", "Sink", "Host whose agent receives and counts them", t.sink(), hostNames,
                    v -> editTraffic(x -> ProfileEdits.traffic(x).sink(v).build())));
            f.add(InspectorField.text("Traffic", "Destination", "Address the source sends to", t.destination(),
                    v -> editTraffic(x -> ProfileEdits.traffic(x).destination(v).build())));
            f.add(InspectorField.number("Traffic", "Flows", "Number of UDP flows, one destination port each", t.flows(),
                    v -> editTraffic(x -> ProfileEdits.traffic(x).flows(v.intValue()).build())));
            f.add(InspectorField.text("Traffic", "Ports", "One destination port per flow, comma separated; a range a-b counts up",
                    join(t.ports()), v -> editTraffic(x -> ProfileEdits.traffic(x).ports(ports(v)).build())));
            f.add(InspectorField.number("Traffic", "Rate (pps)", "Packets per second over all flows", t.pps(),
                    v -> editTraffic(x -> ProfileEdits.traffic(x).pps(v).build())));
            f.add(InspectorField.number("Traffic", "Payload (bytes)", "UDP payload size", t.packetSize(),
                    v -> editTraffic(x -> ProfileEdits.traffic(x).packetSize(v.intValue()).build())));
            f.add(InspectorField.text("Traffic", "Duration", "How long MEASURE sends: 10s, 500ms, 2m", Durations.format(t.duration()),
                    v -> editTraffic(x -> ProfileEdits.traffic(x).duration(Durations.parse(v)).build())));
            f.add(InspectorField.text("Traffic", "Warmup", "Traffic before MEASURE, not counted: 2s", Durations.format(t.warmup()),
                    v -> editTraffic(x -> ProfileEdits.traffic(x).warmup(Durations.parse(v)).build())));
            f.add(InspectorField.text("Traffic", "Cooldown", "Time after MEASURE for the last packets to arrive: 1s", Durations.format(t.cooldown()),
                    v -> editTraffic(x -> ProfileEdits.traffic(x).cooldown(Durations.parse(v)).build())));
            // every other traffic key (engine, threads, what comes next) from the profile definition
            f.addAll(DefinedFields.of("Traffic", t, HAND_MADE_TRAFFIC, (k, v) -> editSection("traffic", k, v)));
            List<FlowSpec> flows = t.perFlow() == null ? List.of() : t.perFlow();
            for (int i = 0; i < flows.size(); i++) {
                int at = i;
                f.addAll(DefinedFields.of("Flow " + (i + 1), flows.get(i), Set.of(), (k, v) -> editFlow(at, k, v)));
            }
        }
        // sections the inspector has no hand-made form for (agent, results, measure, http, sweep, search, ...)
        for (ProfileDefinition.Field section : ProfileDefinition.fields(Profile.class)) {
            if (section.shape() != ProfileDefinition.Shape.RECORD || !DefinedFields.readable(section)
                    || HAND_MADE_SECTIONS.contains(section.key())) continue;
            Record value = (Record) section.get(p);
            if (value == null && section.key().equals("agent")) value = ProfileDefinition.build(AgentSettings.class, Map.of());
            if (value == null) continue;
            f.addAll(DefinedFields.of(DefinedFields.label(section.key()), value, Set.of(), (k, v) -> editSection(section.key(), k, v)));
        }
        if (p.monitoring() != null) {
            f.add(InspectorField.text("Monitoring", "Sample interval", "How often every host is sampled: 1s, 200ms",
                    Durations.format(p.monitoring().sampleInterval()),
                    v -> edit(ProfileEdits.withMonitoring(profile(), new dev.labdeck.controller.profile.MonitoringSpec(Durations.parse(v),
                            profile().monitoring().metrics())))));
            f.add(InspectorField.text("Monitoring", "Metrics", "Comma separated: cpu, memory, network, xdp, dpdk",
                    String.join(", ", p.monitoring().metrics().stream().map(dev.labdeck.controller.profile.MetricGroup::word).toList()),
                    v -> edit(ProfileEdits.withMonitoring(profile(), new dev.labdeck.controller.profile.MonitoringSpec(
                            profile().monitoring().sampleInterval(), list(v).stream()
                            .map(w -> dev.labdeck.controller.profile.ProfileWord.of(dev.labdeck.controller.profile.MetricGroup.class, w)).filter(java.util.Objects::nonNull).toList())))));
        }
        List<String> figures = FigurePaths.forProfile(p);
        f.add(InspectorField.text("Thresholds", "Must hold", FigurePaths.help(figures),
                String.join("; ", p.thresholds().stream().map(dev.labdeck.controller.profile.ThresholdExpression::format).toList()),
                v -> edit(ProfileEdits.withThresholds(profile(), thresholds(v))))
                .completedBy(text -> FigurePaths.complete(text, figures)));
        f.add(InspectorField.choice("Baseline", "Kind", "Compare against: without-xdp (same traffic, no XDP), run (a run directory), or none",
                p.baseline() == null ? "none" : p.baseline().kind().word(),
                java.util.stream.Stream.concat(java.util.stream.Stream.of("none"), dev.labdeck.controller.profile.ProfileWord.words(dev.labdeck.controller.profile.BaselineKind.class).stream()).toList(),
                v -> edit(ProfileEdits.withBaseline(profile(), "none".equals(v) ? null
                        : new dev.labdeck.controller.profile.BaselineSpec(dev.labdeck.controller.profile.ProfileWord.of(dev.labdeck.controller.profile.BaselineKind.class, v), profile().baseline() == null ? null : profile().baseline().run())))));
        if (p.baseline() != null && p.baseline().kind() == dev.labdeck.controller.profile.BaselineKind.RUN) {
            f.add(InspectorField.text("Baseline", "Run", "The run directory to compare against", p.baseline().run(),
                    v -> edit(ProfileEdits.withBaseline(profile(), new dev.labdeck.controller.profile.BaselineSpec(dev.labdeck.controller.profile.BaselineKind.RUN, blankToNull(v))))));
        }
        return f;
    }

    /** "12345, 12346" or "20000-20015": the ports, in order. */
    static List<Integer> ports(String v) {
        List<Integer> out = new ArrayList<>();
        for (String part : list(v)) {
            int dash = part.indexOf('-', 1);
            try {
                if (dash > 0) {
                    int from = Integer.parseInt(part.substring(0, dash).trim());
                    int to = Integer.parseInt(part.substring(dash + 1).trim());
                    if (to < from || to - from > 65535) throw new IllegalArgumentException("port range " + part + " runs backwards or is too long");
                    for (int i = from; i <= to; i++) out.add(i);
                } else {
                    out.add(Integer.parseInt(part));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + part + "' is not a port number (1-65535) or a range such as 20000-20015");
            }
        }
        return out;
    }

    static List<dev.labdeck.controller.profile.Threshold> thresholds(String v) {
        List<dev.labdeck.controller.profile.Threshold> out = new ArrayList<>();
        for (String part : v.split(";")) {
            if (part.isBlank()) continue;
            var t = dev.labdeck.controller.profile.ThresholdExpression.parse(part);
            if (t == null) throw new IllegalArgumentException("'" + part.trim() + "' is not FIGURE OP NUMBER, e.g. traffic.loss_percent <= 0.1");
            out.add(t);
        }
        return out;
    }

    /** Keys of traffic with a hand-made field in the inspector; the rest come from the definition. */
    static final Set<String> HAND_MADE_TRAFFIC = Set.of("source", "sink", "destination", "flows", "ports", "rate_pps", "packet_size",
            "duration", "warmup", "cooldown");
    /** Top-level sections with hand-made fields (or their own items on the canvas). */
    static final Set<String> HAND_MADE_SECTIONS = Set.of("traffic", "monitoring", "baseline");

    private java.util.function.Predicate<String> confirmExposure = question -> true;

    /**
     * Asks before the agent listens on more than loopback: the view shows the question and says
     * whether the user agreed. Tests and the command line (no view) agree.
     */
    public void setConfirmExposure(java.util.function.Predicate<String> confirm) {
        this.confirmExposure = confirm;
    }

    /** Sets {@code key} of the top-level section {@code section} (made with its defaults when absent). */
    private void editSection(String section, String key, Object value) {
        Profile p = profile();
        if (section.equals("agent") && key.equals("bind") && value instanceof String bind && !loopback(bind)
                && !confirmExposure.test("The agent would listen on " + bind + ", not only on 127.0.0.1. Anyone who can reach "
                        + bind + " on a lab host could then talk to it (LabDeck reaches it through SSH and does not need this). "
                        + "Bind it there anyway?")) {
            throw new IllegalArgumentException("kept the agent on " + (p.agent() == null ? "127.0.0.1" : p.agent().bind())
                    + ": binding " + bind + " was not confirmed");
        }
        @SuppressWarnings("unchecked")
        Class<? extends Record> type = (Class<? extends Record>) ProfileDefinition.field(Profile.class, section).component().getType();
        Record current = (Record) ProfileDefinition.field(Profile.class, section).get(p);
        if (current == null) current = ProfileDefinition.build(type, Map.of());
        edit(ProfileDefinition.with(p, section, ProfileDefinition.with(current, key, value)));
    }

    /** The profile's sections that are records and absent (sweep, search, http, measure, baseline ...): what "Add section" offers. */
    public List<String> absentSections() {
        Profile p = profile();
        List<String> out = new ArrayList<>();
        if (p == null) return out;
        for (ProfileDefinition.Field f : ProfileDefinition.fields(Profile.class)) {
            if (f.shape() == ProfileDefinition.Shape.RECORD && DefinedFields.readable(f) && f.get(p) == null) out.add(f.key());
        }
        return out;
    }

    /** The sections that are there and may go (every record section but agent, whose absence means its defaults). */
    public List<String> removableSections() {
        Profile p = profile();
        List<String> out = new ArrayList<>();
        if (p == null) return out;
        for (ProfileDefinition.Field f : ProfileDefinition.fields(Profile.class)) {
            if (f.shape() == ProfileDefinition.Shape.RECORD && DefinedFields.readable(f) && f.get(p) != null
                    && !f.key().equals("agent")) out.add(f.key());
        }
        return out;
    }

    /**
     * Adds a section with its defaults and, for the keys it cannot do without, values taken from the
     * profile (the traffic's hosts and rate), so the profile stays valid and its fields show at once.
     */
    public void addSection(String key) {
        Profile p = profile();
        ProfileDefinition.Field f = ProfileDefinition.field(Profile.class, key);
        if (f.get(p) != null) return;
        @SuppressWarnings("unchecked")
        Class<? extends Record> type = (Class<? extends Record>) f.component().getType();
        edit(ProfileDefinition.with(p, key, ProfileDefinition.build(type, starter(key, p))));
        select(new LabSelection.Test());
    }

    public void removeSection(String key) {
        Profile p = profile();
        if (ProfileDefinition.field(Profile.class, key).get(p) == null) return;
        edit(ProfileDefinition.with(p, key, null));
    }

    private static Map<String, Object> starter(String key, Profile p) {
        List<String> hosts = p.hosts().stream().map(HostSpec::name).toList();
        String first = hosts.isEmpty() ? "src" : hosts.getFirst();
        TrafficSpec t = p.traffic();
        long rate = t != null && t.pps() > 0 ? t.pps() : 10_000;
        Map<String, Object> v = new java.util.LinkedHashMap<>();
        switch (key) {
            case "traffic" -> {
                v.put("source", first);
                v.put("sink", hosts.size() > 1 ? hosts.get(1) : first);
                v.put("destination", "127.0.0.1");
            }
            case "measure" -> v.put("duration", java.time.Duration.ofSeconds(10));
            case "http" -> {
                v.put("host", t != null ? t.source() : first);
                v.put("url", "http://127.0.0.1/");
            }
            case "sweep" -> v.put("rate_pps", List.of((int) Math.min(Integer.MAX_VALUE, rate), (int) Math.min(Integer.MAX_VALUE, 2 * rate)));
            case "search" -> v.put("max_pps", rate);
            case "baseline" -> v.put("kind", dev.labdeck.controller.profile.BaselineKind.WITHOUT_XDP);
            default -> { }
        }
        return v;
    }

    static boolean loopback(String address) {
        String a = address == null ? "" : address.strip();
        return a.isEmpty() || a.equals("localhost") || a.equals("::1") || a.startsWith("127.");
    }

    /** The flows with their own settings (traffic.per_flow), in order; empty without traffic. */
    public List<FlowSpec> flowSettings() {
        Profile p = profile();
        return p == null || p.traffic() == null || p.traffic().perFlow() == null ? List.of() : p.traffic().perFlow();
    }

    /** Whether the next flow may get its own settings: there is traffic and a flow without settings. */
    public boolean canAddFlow() {
        Profile p = profile();
        return p != null && p.traffic() != null && flowSettings().size() < p.traffic().flows();
    }

    /** Gives the next flow its own settings (traffic.per_flow), starting from a flow's defaults. */
    public void addFlow() {
        if (!canAddFlow()) return;
        List<FlowSpec> flows = new ArrayList<>(flowSettings());
        flows.add(ProfileDefinition.build(FlowSpec.class, Map.of()));
        edit(ProfileEdits.withTraffic(profile(), ProfileDefinition.with(profile().traffic(), "per_flow", List.copyOf(flows))));
        select(new LabSelection.Test());
    }

    /**
     * Takes the last flow's own settings away (it then takes the traffic's). Settings are by position,
     * so only the last can go without moving another flow's settings onto a different flow.
     */
    public void removeLastFlow() {
        List<FlowSpec> flows = new ArrayList<>(flowSettings());
        if (flows.isEmpty()) return;
        flows.removeLast();
        edit(ProfileEdits.withTraffic(profile(), ProfileDefinition.with(profile().traffic(), "per_flow", List.copyOf(flows))));
    }

    /**
     * Sets {@code key} of flow {@code index}'s settings. A value labdeck validate would reject for
     * that flow (a share of 0, a packet size out of range, a payload that is not zeros, random, hex:
     * or text:) is not applied: the validator's message is shown at the field.
     */
    private void editFlow(int index, String key, Object value) {
        Profile p = profile();
        List<FlowSpec> flows = new ArrayList<>(flowSettings());
        if (index >= flows.size()) return;
        flows.set(index, flows.get(index).with(key, value));
        Profile changed = ProfileEdits.withTraffic(p, ProfileDefinition.with(p.traffic(), "per_flow", List.copyOf(flows)));
        java.util.regex.Pattern flow = java.util.regex.Pattern.compile("\\bflow " + (index + 1) + "\\b");
        editChecked(changed, m -> flow.matcher(m).find());
    }

    private void editTraffic(java.util.function.UnaryOperator<TrafficSpec> change) {
        edit(ProfileEdits.withTraffic(profile(), change.apply(profile().traffic())));
    }

    private List<InspectorField> hostFields(HostSpec h) {
        String n = h.name();
        List<InspectorField> f = new ArrayList<>();
        f.add(InspectorField.text("Host", "Name", "Unique name; links, XDP and traffic refer to it", n, v -> {
            if (!v.isEmpty() && !v.equals(n)) {
                edit(ProfileEdits.renameHost(profile(), n, v));
                select(new LabSelection.Host(v));
            }
        }));
        f.add(InspectorField.text("Host", "Address", "Where the controller reaches the host (SSH or loopback)", h.address(),
                v -> editHost(n, b -> b.address(v))));
        f.add(InspectorField.choice("Host", "Transport", "local: this machine, no SSH; ssh: deploy over SSH",
                h.transport().name().toLowerCase(), List.of("local", "ssh"),
                v -> editHost(n, b -> b.transport(HostSpec.Transport.valueOf(v.toUpperCase())))));
        f.add(InspectorField.text("Host", "Roles", "Comma separated: src, dst, memif", String.join(", ", h.roles()),
                v -> editHost(n, b -> b.roles(new LinkedHashSet<>(list(v))))));
        f.add(InspectorField.number("SSH", "Port", "SSH port on the host", h.sshPort(), v -> editHost(n, b -> b.sshPort(v.intValue()))));
        f.add(InspectorField.text("SSH", "User", "SSH user; empty means your own user name", h.user(), v -> editHost(n, b -> b.user(blankToNull(v)))));
        f.add(InspectorField.text("SSH", "Key file", "Private key file; empty means the ssh agent or ~/.ssh keys", h.key(),
                v -> editHost(n, b -> b.key(blankToNull(v)))));
        f.add(InspectorField.text("Host", "Java on host", "A Java 25 on the host to use instead of the bundled runtime", h.java(),
                v -> editHost(n, b -> b.java(blankToNull(v)))));
        return f;
    }

    private void editHost(String name, java.util.function.UnaryOperator<ProfileEdits.HostBuilder> change) {
        edit(ProfileEdits.editHost(profile(), name, h -> change.apply(ProfileEdits.host(h)).build()));
    }

    /**
     * The link's fields. Each edit reads the link as it is when the edit is applied, not as it was
     * when the inspector was built: the inspector keeps its editors while the user types, so End A's
     * edit followed by End B's must keep both.
     */
    private List<InspectorField> linkFields(LinkSpec l) {
        List<InspectorField> f = new ArrayList<>();
        List<String> hostNames = profile().hosts().stream().map(HostSpec::name).toList();
        String n = l.name();
        switch (l) {
            case LinkSpec.Ethernet e -> {
                f.add(InspectorField.text("Ethernet link", "Name", "Unique link name", e.name(),
                        v -> editEthernet(n, x -> new LinkSpec.Ethernet(v, x.a(), x.b()))));
                f.add(InspectorField.choice("End A", "Host", "First host", e.a().host(), hostNames,
                        v -> editEthernet(n, x -> new LinkSpec.Ethernet(x.name(), new LinkSpec.Endpoint(v, x.a().interfaceName(), x.a().address()), x.b()))));
                f.add(InspectorField.text("End A", "Interface", "Interface on the first host", e.a().interfaceName(),
                        v -> editEthernet(n, x -> new LinkSpec.Ethernet(x.name(), new LinkSpec.Endpoint(x.a().host(), v, x.a().address()), x.b()))));
                f.add(InspectorField.text("End A", "Address", "IP address on it with its prefix, e.g. 10.0.0.1/24 (optional)", e.a().address(),
                        v -> editEthernet(n, x -> new LinkSpec.Ethernet(x.name(), new LinkSpec.Endpoint(x.a().host(), x.a().interfaceName(), blankToNull(v)), x.b()))));
                f.add(InspectorField.choice("End B", "Host", "Second host", e.b().host(), hostNames,
                        v -> editEthernet(n, x -> new LinkSpec.Ethernet(x.name(), x.a(), new LinkSpec.Endpoint(v, x.b().interfaceName(), x.b().address())))));
                f.add(InspectorField.text("End B", "Interface", "Interface on the second host", e.b().interfaceName(),
                        v -> editEthernet(n, x -> new LinkSpec.Ethernet(x.name(), x.a(), new LinkSpec.Endpoint(x.b().host(), v, x.b().address())))));
                f.add(InspectorField.text("End B", "Address", "IP address on it with its prefix, e.g. 10.0.0.2/24 (optional)", e.b().address(),
                        v -> editEthernet(n, x -> new LinkSpec.Ethernet(x.name(), x.a(), new LinkSpec.Endpoint(x.b().host(), x.b().interfaceName(), blankToNull(v))))));
            }
            case LinkSpec.Memif m -> {
                f.add(InspectorField.text("Memif link", "Name", "Unique link name", m.name(),
                        v -> editMemif(n, x -> new LinkSpec.Memif(v, x.host(), x.master(), x.slave(), x.socket()))));
                f.add(InspectorField.choice("Memif link", "Host", "Host whose dataplanes share the memif", m.host(), hostNames,
                        v -> editMemif(n, x -> new LinkSpec.Memif(x.name(), v, x.master(), x.slave(), x.socket()))));
                f.add(InspectorField.choice("Memif link", "Master", "Service that creates the socket (starts first)", m.master(), serviceNames(m.host()),
                        v -> editMemif(n, x -> new LinkSpec.Memif(x.name(), x.host(), v, x.slave(), x.socket()))));
                f.add(InspectorField.choice("Memif link", "Slave", "Service that connects to it", m.slave(), serviceNames(m.host()),
                        v -> editMemif(n, x -> new LinkSpec.Memif(x.name(), x.host(), x.master(), v, x.socket()))));
                f.add(InspectorField.text("Memif link", "Socket", "The memif control socket path (@name: abstract)", m.socket(),
                        v -> editMemif(n, x -> new LinkSpec.Memif(x.name(), x.host(), x.master(), x.slave(), v))));
            }
        }
        return f;
    }

    private List<String> serviceNames(String host) {
        return profile().host(host).map(h -> h.services().stream().map(ServiceSpec::name).toList()).orElse(List.of());
    }

    private void editEthernet(String name, UnaryOperator<LinkSpec.Ethernet> change) {
        profile().links().stream().filter(x -> x.name().equals(name)).findFirst()
                .ifPresent(l -> { if (l instanceof LinkSpec.Ethernet e) editLink(name, change.apply(e)); });
    }

    private void editMemif(String name, UnaryOperator<LinkSpec.Memif> change) {
        profile().links().stream().filter(x -> x.name().equals(name)).findFirst()
                .ifPresent(l -> { if (l instanceof LinkSpec.Memif m) editLink(name, change.apply(m)); });
    }

    private void editLink(String name, LinkSpec replacement) {
        edit(ProfileEdits.editLink(profile(), name, x -> replacement));
        if (!replacement.name().equals(name)) select(new LabSelection.Link(replacement.name()));
    }

    private List<InspectorField> xdpFields(int i, XdpSpec x) {
        List<String> hostNames = profile().hosts().stream().map(HostSpec::name).toList();
        return List.of(
                InspectorField.choice("XDP", "Host", "Host the program is attached on", x.host(), hostNames,
                        v -> editXdp(i, c -> new XdpSpec(v, c.interfaceName(), c.object(), c.program(), c.mode(), c.allowGeneric(), c.action()))),
                InspectorField.text("XDP", "Interface", "Interface to attach to", x.interfaceName(),
                        v -> editXdp(i, c -> new XdpSpec(c.host(), v, c.object(), c.program(), c.mode(), c.allowGeneric(), c.action()))),
                InspectorField.text("XDP", "Object", "builtin:count, or the path of your own .o", x.object(),
                        v -> editXdp(i, c -> new XdpSpec(c.host(), c.interfaceName(), v, c.program(), c.mode(), c.allowGeneric(), c.action()))),
                InspectorField.text("XDP", "Program", "Program (section) name in the object", x.program(),
                        v -> editXdp(i, c -> new XdpSpec(c.host(), c.interfaceName(), c.object(), blankToNull(v), c.mode(), c.allowGeneric(), c.action()))),
                InspectorField.choice("XDP", "Mode", "native (driver), generic (skb) or offload (NIC)", x.mode() == null ? null : x.mode().word(), dev.labdeck.controller.profile.ProfileWord.words(dev.labdeck.controller.profile.XdpMode.class),
                        v -> editXdp(i, c -> new XdpSpec(c.host(), c.interfaceName(), c.object(), c.program(), dev.labdeck.controller.profile.ProfileWord.of(dev.labdeck.controller.profile.XdpMode.class, v), c.allowGeneric(), c.action()))),
                InspectorField.flag("XDP", "Allow generic", "Fall back to generic mode when native fails (and say so)", x.allowGeneric(),
                        v -> editXdp(i, c -> new XdpSpec(c.host(), c.interfaceName(), c.object(), c.program(), c.mode(), v, c.action()))),
                InspectorField.choice("XDP", "Action", "What the builtin does with counted packets", x.action() == null ? null : x.action().word(), dev.labdeck.controller.profile.ProfileWord.words(dev.labdeck.controller.profile.XdpAction.class),
                        v -> editXdp(i, c -> new XdpSpec(c.host(), c.interfaceName(), c.object(), c.program(), c.mode(), c.allowGeneric(), dev.labdeck.controller.profile.ProfileWord.of(dev.labdeck.controller.profile.XdpAction.class, v)))));
    }

    private void editXdp(int index, UnaryOperator<XdpSpec> change) {
        if (index < profile().xdp().size()) edit(ProfileEdits.editXdp(profile(), index, change));
    }

    private List<InspectorField> serviceFields(String host, ServiceSpec s) {
        String n = s.name();
        List<InspectorField> f = new ArrayList<>(List.of(
                InspectorField.text("Service", "Name", "Unique service name (after: refers to it)", n, v -> {
                    if (!v.isEmpty() && !v.equals(n)) {
                        editService(host, n, b -> b.name(v));
                        select(new LabSelection.Service(host, v));
                    }
                }),
                InspectorField.text("Service", "Command", "Argument list, separated by spaces (no shell)", String.join(" ", s.command()),
                        v -> editService(host, n, b -> b.command(Arrays.stream(v.split("\\s+")).filter(x -> !x.isEmpty()).toList()))),
                InspectorField.text("Service", "Working directory", "Directory the command starts in", s.workingDirectory(),
                        v -> editService(host, n, b -> b.workingDirectory(blankToNull(v)))),
                InspectorField.text("Service", "Cores", "CPU cores to pin to, comma separated", join(s.cores()),
                        v -> editService(host, n, b -> b.cores(list(v).stream().map(Integer::valueOf).toList()))),
                new InspectorField(ENV_CATEGORY, ENV_NAME, "Environment variables the command starts with: a name and its value each;"
                        + " Add for a new one, ✕ removes one, Enter applies a change", Map.class,
                        new java.util.LinkedHashMap<>(s.environment() == null ? Map.of() : s.environment()), List.of(),
                        v -> editEnvironment(host, n, environment(v))),
                InspectorField.text("Order", "After", "Services (on any host) that must be ready first", String.join(", ", s.after()),
                        v -> editService(host, n, b -> b.after(list(v))))));
        f.addAll(Readiness.fields(s.readiness(),
                kind -> editReadiness(host, n, x -> Readiness.starter(kind, currentService(host, n), profile())),
                change -> editReadiness(host, n, change)));
        f.add(InspectorField.text(Readiness.CATEGORY, "Timeout", "How long to wait for it to be ready before the run fails: 30s, 2m",
                Durations.format(s.startTimeout()), v -> {
                    Duration t = Durations.parse(v);
                    if (t == null) throw new IllegalArgumentException("needs a duration such as 30s or 2m");
                    editServiceChecked(host, n, b -> b.startTimeout(t));
                }));
        f.addAll(List.of(
                InspectorField.choice("Stop", "Signal", "Signal sent to stop it", s.stopSignal(), dev.labdeck.controller.profile.ProfileWord.words(dev.labdeck.controller.profile.StopSignal.class),
                        v -> editService(host, n, b -> b.stopSignal(v))),
                InspectorField.number("Stop", "Grace (s)", "Seconds before SIGKILL", s.stopGrace() == null ? 0 : s.stopGrace().toSeconds(),
                        v -> editService(host, n, b -> b.stopGrace(Duration.ofSeconds(v)))),
                InspectorField.flag("Stop", "Crash fails run", "An exit during the run fails it", s.crashFailsRun(),
                        v -> editService(host, n, b -> b.crashFailsRun(v)))));
        return f;
    }

    static final String ENV_CATEGORY = "Env", ENV_NAME = "Variables";

    private ServiceSpec currentService(String host, String name) {
        return profile().host(host).flatMap(h -> h.services().stream().filter(x -> x.name().equals(name)).findFirst())
                .orElseThrow(() -> new IllegalArgumentException("service " + name + " is no longer on host " + host));
    }

    /**
     * Sets the service's readiness to {@code change} of the one it has now. A value labdeck validate
     * rejects (a port out of range, a pattern that is not a regular expression, an empty path) is not
     * applied: the validator's message shows at the field. A new kind brings other fields: the
     * inspector is rebuilt for them.
     */
    private void editReadiness(String host, String name, UnaryOperator<dev.labdeck.protocol.ReadinessProbe> change) {
        ServiceSpec s = currentService(host, name);
        dev.labdeck.protocol.ReadinessProbe next = change.apply(s.readiness());
        if (java.util.Objects.equals(next, s.readiness())) return;
        editServiceChecked(host, name, b -> b.readiness(next));
    }

    /** The service's environment set to {@code env} (names checked), in the order given. */
    private void editEnvironment(String host, String name, Map<String, String> env) {
        for (String k : env.keySet()) {
            if (k.isBlank()) throw new IllegalArgumentException("a variable needs a name");
            if (k.contains("=") || k.contains("\0") || !k.equals(k.strip()))
                throw new IllegalArgumentException("'" + k + "' is not a variable name (no '=', no spaces around it)");
        }
        if (java.util.Objects.equals(env, currentService(host, name).environment())) return;
        editServiceChecked(host, name, b -> b.environment(env));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Object v) {
        if (v instanceof EnvironmentEditor.Refused r) throw new IllegalArgumentException(r.reason());
        return v instanceof Map<?, ?> m ? new java.util.LinkedHashMap<>((Map<String, String>) m) : new java.util.LinkedHashMap<>();
    }

    /** A service edit that is not applied when labdeck validate finds a new problem with that service. */
    private void editServiceChecked(String host, String name, java.util.function.UnaryOperator<ProfileEdits.ServiceBuilder> change) {
        Profile changed = ProfileEdits.editService(profile(), host, name, s -> change.apply(ProfileEdits.service(s)).build());
        editChecked(changed, m -> m.contains("service '" + name + "'"));
    }

    /**
     * Applies {@code changed} unless labdeck validate finds a problem in it the profile did not have
     * and {@code about} says is this edit's: then that message is the field's error and nothing changes.
     */
    private void editChecked(Profile changed, java.util.function.Predicate<String> about) {
        List<String> before = dev.labdeck.controller.profile.ProfileValidator.validate(profile()).stream()
                .map(dev.labdeck.controller.profile.ProfileProblem::message).toList();
        for (var problem : dev.labdeck.controller.profile.ProfileValidator.validate(changed)) {
            String m = problem.message();
            if (!before.contains(m) && about.test(m)) throw new IllegalArgumentException(m);
        }
        edit(changed);
    }

    private void editService(String host, String name, java.util.function.UnaryOperator<ProfileEdits.ServiceBuilder> change) {
        edit(ProfileEdits.editService(profile(), host, name, s -> change.apply(ProfileEdits.service(s)).build()));
    }

    private static String join(List<Integer> xs) {
        return xs == null ? "" : String.join(", ", xs.stream().map(String::valueOf).toList());
    }

    static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }

    private static String unique(String base, List<String> taken) {
        if (!taken.contains(base)) return base;
        for (int i = 2; ; i++) if (!taken.contains(base + i)) return base + i;
    }
}
