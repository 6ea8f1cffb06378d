package dev.labdeck.gui.lab;

import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.LinkSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ServiceSpec;
import dev.labdeck.controller.profile.TrafficSpec;
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

    public LabViewModel(ProfileDocument document) {
        this.document = document;
        document.profileProperty().addListener((o, a, b) -> refresh());
        selection.addListener((o, a, b) -> refreshInspector());
        validationSummary = Bindings.createStringBinding(() -> {
            if (document.profile() == null) return "No profile open";
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
        for (int i = 0; i < p.hosts().size(); i++) {
            HostSpec h = p.hosts().get(i);
            List<String> xdp = p.xdp().stream().filter(x -> h.name().equals(x.host()))
                    .map(x -> "XDP " + x.object() + " on " + x.interfaceName() + " (" + x.mode() + ", " + x.action() + ")").toList();
            double[] at = position(h, i, p.hosts().size());
            cards.add(new HostCard(h.name(), h.address(), h.transport() == HostSpec.Transport.LOCAL, roles(h, p),
                    xdp, h.services().stream().map(ServiceSpec::name).toList(), at[0], at[1]));
        }
        hosts.setAll(cards);
        List<LinkLine> lines = new ArrayList<>();
        for (LinkSpec l : p.links()) {
            lines.add(switch (l) {
                case LinkSpec.Ethernet e -> new LinkLine(e.name(), LinkLine.Kind.ETHERNET, e.a().host(), e.b().host(),
                        endLabel(e.a()), endLabel(e.b()), false);
                case LinkSpec.Memif m -> memifLine(p, m);
            });
        }
        links.setAll(lines);
        // keep the selection if it still exists, so the inspector follows edits
        if (selection.get() != null && !exists(selection.get())) selection.set(null);
        // an edit typed into the inspector must not rebuild the editor being typed into
        if (!inspectorEditing) refreshInspector();
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

    private static String endLabel(LinkSpec.Endpoint e) {
        return e.interfaceName() + (e.address() == null || e.address().isBlank() ? "" : " " + e.address());
    }

    /** A saved position, or a place on a grid: src left, dst right, the rest below. */
    static double[] position(HostSpec h, int index, int count) {
        if (h.position() != null) return new double[] {h.position().x(), h.position().y()};
        int perRow = Math.max(2, (int) Math.ceil(Math.sqrt(count)));
        return new double[] {MARGIN_X + (index % perRow) * GRID_X, MARGIN_Y + (index / perRow) * GRID_Y};
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

    /** Applies an inspector edit; the inspector keeps its editors (and focus) while doing it. */
    public void applyField(InspectorField field, Object value) {
        inspectorEditing = true;
        try {
            field.apply().accept(value);
        } finally {
            inspectorEditing = false;
        }
    }

    private void refreshInspector() {
        Profile p = profile();
        LabSelection s = selection.get();
        if (p == null) {
            inspector.clear();
            return;
        }
        if (s == null) s = new LabSelection.Test();
        inspector.setAll(switch (s) {
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
        TrafficSpec t = p.traffic();
        if (t != null) {
            List<String> hostNames = p.hosts().stream().map(HostSpec::name).toList();
            f.add(InspectorField.choice("Traffic", "Source", "Host whose agent sends the UDP flows", t.source(), hostNames,
                    v -> editTraffic(x -> traffic(x, v, x.sink(), x.destination(), x.flows(), x.pps(), x.packetSize(), x.duration()))));
            f.add(InspectorField.choice("Traffic", "Sink", "Host whose agent receives and counts them", t.sink(), hostNames,
                    v -> editTraffic(x -> traffic(x, x.source(), v, x.destination(), x.flows(), x.pps(), x.packetSize(), x.duration()))));
            f.add(InspectorField.text("Traffic", "Destination", "Address the source sends to", t.destination(),
                    v -> editTraffic(x -> traffic(x, x.source(), x.sink(), v, x.flows(), x.pps(), x.packetSize(), x.duration()))));
            f.add(InspectorField.number("Traffic", "Flows", "Number of UDP flows, one destination port each", t.flows(),
                    v -> editTraffic(x -> traffic(x, x.source(), x.sink(), x.destination(), v.intValue(), x.pps(), x.packetSize(), x.duration()))));
            f.add(InspectorField.number("Traffic", "Rate (pps)", "Packets per second over all flows", t.pps(),
                    v -> editTraffic(x -> traffic(x, x.source(), x.sink(), x.destination(), x.flows(), v, x.packetSize(), x.duration()))));
            f.add(InspectorField.number("Traffic", "Payload (bytes)", "UDP payload size", t.packetSize(),
                    v -> editTraffic(x -> traffic(x, x.source(), x.sink(), x.destination(), x.flows(), x.pps(), v.intValue(), x.duration()))));
            f.add(InspectorField.number("Traffic", "Duration (s)", "How long MEASURE sends", t.duration() == null ? 0 : t.duration().toSeconds(),
                    v -> editTraffic(x -> traffic(x, x.source(), x.sink(), x.destination(), x.flows(), x.pps(), x.packetSize(), Duration.ofSeconds(v)))));
        }
        return f;
    }

    private static TrafficSpec traffic(TrafficSpec t, String source, String sink, String destination, int flows, long pps, int size, Duration d) {
        return new TrafficSpec(source, sink, destination, flows, t.ports(), pps, size, d, t.warmup(), t.cooldown());
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

    private List<InspectorField> linkFields(LinkSpec l) {
        List<InspectorField> f = new ArrayList<>();
        List<String> hostNames = profile().hosts().stream().map(HostSpec::name).toList();
        switch (l) {
            case LinkSpec.Ethernet e -> {
                f.add(InspectorField.text("Ethernet link", "Name", "Unique link name", e.name(),
                        v -> editLink(e.name(), new LinkSpec.Ethernet(v, e.a(), e.b()))));
                f.add(InspectorField.choice("End A", "Host", "First host", e.a().host(), hostNames,
                        v -> editLink(e.name(), new LinkSpec.Ethernet(e.name(), new LinkSpec.Endpoint(v, e.a().interfaceName(), e.a().address()), e.b()))));
                f.add(InspectorField.text("End A", "Interface", "Interface on the first host", e.a().interfaceName(),
                        v -> editLink(e.name(), new LinkSpec.Ethernet(e.name(), new LinkSpec.Endpoint(e.a().host(), v, e.a().address()), e.b()))));
                f.add(InspectorField.text("End A", "Address", "IP address on it (optional)", e.a().address(),
                        v -> editLink(e.name(), new LinkSpec.Ethernet(e.name(), new LinkSpec.Endpoint(e.a().host(), e.a().interfaceName(), blankToNull(v)), e.b()))));
                f.add(InspectorField.choice("End B", "Host", "Second host", e.b().host(), hostNames,
                        v -> editLink(e.name(), new LinkSpec.Ethernet(e.name(), e.a(), new LinkSpec.Endpoint(v, e.b().interfaceName(), e.b().address())))));
                f.add(InspectorField.text("End B", "Interface", "Interface on the second host", e.b().interfaceName(),
                        v -> editLink(e.name(), new LinkSpec.Ethernet(e.name(), e.a(), new LinkSpec.Endpoint(e.b().host(), v, e.b().address())))));
                f.add(InspectorField.text("End B", "Address", "IP address on it (optional)", e.b().address(),
                        v -> editLink(e.name(), new LinkSpec.Ethernet(e.name(), e.a(), new LinkSpec.Endpoint(e.b().host(), e.b().interfaceName(), blankToNull(v))))));
            }
            case LinkSpec.Memif m -> {
                f.add(InspectorField.text("Memif link", "Name", "Unique link name", m.name(),
                        v -> editLink(m.name(), new LinkSpec.Memif(v, m.host(), m.master(), m.slave(), m.socket()))));
                f.add(InspectorField.choice("Memif link", "Host", "Host whose dataplanes share the memif", m.host(), hostNames,
                        v -> editLink(m.name(), new LinkSpec.Memif(m.name(), v, m.master(), m.slave(), m.socket()))));
                f.add(InspectorField.text("Memif link", "Master", "Service that creates the socket (starts first)", m.master(),
                        v -> editLink(m.name(), new LinkSpec.Memif(m.name(), m.host(), v, m.slave(), m.socket()))));
                f.add(InspectorField.text("Memif link", "Slave", "Service that connects to it", m.slave(),
                        v -> editLink(m.name(), new LinkSpec.Memif(m.name(), m.host(), m.master(), v, m.socket()))));
                f.add(InspectorField.text("Memif link", "Socket", "The memif control socket path", m.socket(),
                        v -> editLink(m.name(), new LinkSpec.Memif(m.name(), m.host(), m.master(), m.slave(), v))));
            }
        }
        return f;
    }

    private void editLink(String name, LinkSpec replacement) {
        edit(ProfileEdits.editLink(profile(), name, x -> replacement));
        if (!replacement.name().equals(name)) select(new LabSelection.Link(replacement.name()));
    }

    private List<InspectorField> xdpFields(int i, XdpSpec x) {
        List<String> hostNames = profile().hosts().stream().map(HostSpec::name).toList();
        return List.of(
                InspectorField.choice("XDP", "Host", "Host the program is attached on", x.host(), hostNames,
                        v -> editXdp(i, new XdpSpec(v, x.interfaceName(), x.object(), x.program(), x.mode(), x.allowGeneric(), x.action()))),
                InspectorField.text("XDP", "Interface", "Interface to attach to", x.interfaceName(),
                        v -> editXdp(i, new XdpSpec(x.host(), v, x.object(), x.program(), x.mode(), x.allowGeneric(), x.action()))),
                InspectorField.text("XDP", "Object", "builtin:count, or the path of your own .o", x.object(),
                        v -> editXdp(i, new XdpSpec(x.host(), x.interfaceName(), v, x.program(), x.mode(), x.allowGeneric(), x.action()))),
                InspectorField.text("XDP", "Program", "Program (section) name in the object", x.program(),
                        v -> editXdp(i, new XdpSpec(x.host(), x.interfaceName(), x.object(), blankToNull(v), x.mode(), x.allowGeneric(), x.action()))),
                InspectorField.choice("XDP", "Mode", "native (driver), generic (skb) or offload (NIC)", x.mode() == null ? null : x.mode().word(), dev.labdeck.controller.profile.ProfileWord.words(dev.labdeck.controller.profile.XdpMode.class),
                        v -> editXdp(i, new XdpSpec(x.host(), x.interfaceName(), x.object(), x.program(), dev.labdeck.controller.profile.ProfileWord.of(dev.labdeck.controller.profile.XdpMode.class, v), x.allowGeneric(), x.action()))),
                InspectorField.flag("XDP", "Allow generic", "Fall back to generic mode when native fails (and say so)", x.allowGeneric(),
                        v -> editXdp(i, new XdpSpec(x.host(), x.interfaceName(), x.object(), x.program(), x.mode(), v, x.action()))),
                InspectorField.choice("XDP", "Action", "What the builtin does with counted packets", x.action() == null ? null : x.action().word(), dev.labdeck.controller.profile.ProfileWord.words(dev.labdeck.controller.profile.XdpAction.class),
                        v -> editXdp(i, new XdpSpec(x.host(), x.interfaceName(), x.object(), x.program(), x.mode(), x.allowGeneric(), dev.labdeck.controller.profile.ProfileWord.of(dev.labdeck.controller.profile.XdpAction.class, v)))));
    }

    private void editXdp(int index, XdpSpec replacement) {
        edit(ProfileEdits.editXdp(profile(), index, x -> replacement));
    }

    private List<InspectorField> serviceFields(String host, ServiceSpec s) {
        String n = s.name();
        return List.of(
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
                InspectorField.text("Order", "After", "Services (on any host) that must be ready first", String.join(", ", s.after()),
                        v -> editService(host, n, b -> b.after(list(v)))),
                InspectorField.number("Order", "Start timeout (s)", "How long to wait for readiness",
                        s.startTimeout() == null ? 0 : s.startTimeout().toSeconds(), v -> editService(host, n, b -> b.startTimeout(Duration.ofSeconds(v)))),
                InspectorField.choice("Stop", "Signal", "Signal sent to stop it", s.stopSignal(), dev.labdeck.controller.profile.ProfileWord.words(dev.labdeck.controller.profile.StopSignal.class),
                        v -> editService(host, n, b -> b.stopSignal(v))),
                InspectorField.number("Stop", "Grace (s)", "Seconds before SIGKILL", s.stopGrace() == null ? 0 : s.stopGrace().toSeconds(),
                        v -> editService(host, n, b -> b.stopGrace(Duration.ofSeconds(v)))),
                InspectorField.flag("Stop", "Crash fails run", "An exit during the run fails it", s.crashFailsRun(),
                        v -> editService(host, n, b -> b.crashFailsRun(v))));
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
