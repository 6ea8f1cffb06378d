package dev.labdeck.gui.profile;

import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.LinkSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileDefinition;
import dev.labdeck.controller.profile.ServiceSpec;
import dev.labdeck.controller.profile.XdpSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Copy-on-write edits of the immutable profile model, as the Lab view's inspector makes them.
 * Each returns a new {@link Profile}; nothing here validates (the controller's validator does).
 */
public final class ProfileEdits {
    private ProfileEdits() {}

    public static Profile withHosts(Profile p, List<HostSpec> hosts) {
        return new Profile(p.name(), p.description(), p.source(), p.form(), p.agent(), List.copyOf(hosts), p.links(),
                p.xdp(), p.traffic(), p.monitoring(), p.results(), p.thresholds(), p.baseline(), p.measure(), p.http(), p.sweep(), p.search());
    }

    public static Profile withLinks(Profile p, List<LinkSpec> links) {
        return new Profile(p.name(), p.description(), p.source(), p.form(), p.agent(), p.hosts(), List.copyOf(links),
                p.xdp(), p.traffic(), p.monitoring(), p.results(), p.thresholds(), p.baseline(), p.measure(), p.http(), p.sweep(), p.search());
    }

    public static Profile withXdp(Profile p, List<XdpSpec> xdp) {
        return new Profile(p.name(), p.description(), p.source(), p.form(), p.agent(), p.hosts(), p.links(),
                List.copyOf(xdp), p.traffic(), p.monitoring(), p.results(), p.thresholds(), p.baseline(), p.measure(), p.http(), p.sweep(), p.search());
    }

    public static Profile withName(Profile p, String name) {
        return new Profile(name, p.description(), p.source(), p.form(), p.agent(), p.hosts(), p.links(),
                p.xdp(), p.traffic(), p.monitoring(), p.results(), p.thresholds(), p.baseline(), p.measure(), p.http(), p.sweep(), p.search());
    }

    public static Profile withDescription(Profile p, String description) {
        return new Profile(p.name(), description, p.source(), p.form(), p.agent(), p.hosts(), p.links(),
                p.xdp(), p.traffic(), p.monitoring(), p.results(), p.thresholds(), p.baseline(), p.measure(), p.http(), p.sweep(), p.search());
    }

    public static Profile withMonitoring(Profile p, dev.labdeck.controller.profile.MonitoringSpec m) {
        return new Profile(p.name(), p.description(), p.source(), p.form(), p.agent(), p.hosts(), p.links(),
                p.xdp(), p.traffic(), m, p.results(), p.thresholds(), p.baseline(), p.measure(), p.http(), p.sweep(), p.search());
    }

    public static Profile withThresholds(Profile p, List<dev.labdeck.controller.profile.Threshold> t) {
        return new Profile(p.name(), p.description(), p.source(), p.form(), p.agent(), p.hosts(), p.links(),
                p.xdp(), p.traffic(), p.monitoring(), p.results(), List.copyOf(t), p.baseline(), p.measure(), p.http(), p.sweep(), p.search());
    }

    public static Profile withBaseline(Profile p, dev.labdeck.controller.profile.BaselineSpec b) {
        return new Profile(p.name(), p.description(), p.source(), p.form(), p.agent(), p.hosts(), p.links(),
                p.xdp(), p.traffic(), p.monitoring(), p.results(), p.thresholds(), b, p.measure(), p.http(), p.sweep(), p.search());
    }

    public static TrafficBuilder traffic(dev.labdeck.controller.profile.TrafficSpec t) {
        return new TrafficBuilder(t);
    }

    /**
     * Mutable only while building; produces an immutable TrafficSpec. Each setter replaces one key
     * through the profile definition, so every other key of the spec (engine, threads, per-flow
     * settings and whatever is added later) is kept as it was.
     */
    public static final class TrafficBuilder {
        private dev.labdeck.controller.profile.TrafficSpec spec;

        TrafficBuilder(dev.labdeck.controller.profile.TrafficSpec t) {
            spec = t;
        }

        private TrafficBuilder set(String key, Object value) {
            spec = ProfileDefinition.with(spec, key, value);
            return this;
        }

        public TrafficBuilder source(String v) { return set("source", v); }
        public TrafficBuilder sink(String v) { return set("sink", v); }
        public TrafficBuilder destination(String v) { return set("destination", v); }
        public TrafficBuilder flows(int v) { return set("flows", v); }
        public TrafficBuilder ports(List<Integer> v) { return set("ports", List.copyOf(v)); }
        public TrafficBuilder pps(long v) { return set("rate_pps", v); }
        public TrafficBuilder packetSize(int v) { return set("packet_size", v); }
        public TrafficBuilder duration(java.time.Duration v) { return set("duration", v); }
        public TrafficBuilder warmup(java.time.Duration v) { return set("warmup", v); }
        public TrafficBuilder cooldown(java.time.Duration v) { return set("cooldown", v); }

        public dev.labdeck.controller.profile.TrafficSpec build() {
            return spec;
        }
    }

    public static Profile withTraffic(Profile p, dev.labdeck.controller.profile.TrafficSpec t) {
        return new Profile(p.name(), p.description(), p.source(), p.form(), p.agent(), p.hosts(), p.links(),
                p.xdp(), t, p.monitoring(), p.results(), p.thresholds(), p.baseline(), p.measure(), p.http(), p.sweep(), p.search());
    }

    /** Replaces the host called {@code name} with {@code edit(host)}. */
    public static Profile editHost(Profile p, String name, UnaryOperator<HostSpec> edit) {
        List<HostSpec> hosts = new ArrayList<>();
        for (HostSpec h : p.hosts()) hosts.add(h.name().equals(name) ? edit.apply(h) : h);
        return withHosts(p, hosts);
    }

    public static Profile editLink(Profile p, String name, UnaryOperator<LinkSpec> edit) {
        List<LinkSpec> links = new ArrayList<>();
        for (LinkSpec l : p.links()) links.add(l.name().equals(name) ? edit.apply(l) : l);
        return withLinks(p, links);
    }

    public static Profile editXdp(Profile p, int index, UnaryOperator<XdpSpec> edit) {
        List<XdpSpec> xdp = new ArrayList<>(p.xdp());
        xdp.set(index, edit.apply(xdp.get(index)));
        return withXdp(p, xdp);
    }

    public static Profile editService(Profile p, String host, String service, UnaryOperator<ServiceSpec> edit) {
        return editHost(p, host, h -> {
            List<ServiceSpec> services = new ArrayList<>();
            for (ServiceSpec s : h.services()) services.add(s.name().equals(service) ? edit.apply(s) : s);
            return host(h).services(services).build();
        });
    }

    /** A builder seeded from a host, because HostSpec has ten components. */
    public static HostBuilder host(HostSpec h) {
        return new HostBuilder(h);
    }

    public static ServiceBuilder service(ServiceSpec s) {
        return new ServiceBuilder(s);
    }

    /** Renames a host and every reference to it (links, XDP, traffic). */
    public static Profile renameHost(Profile p, String from, String to) {
        Profile q = editHost(p, from, h -> host(h).name(to).build());
        List<LinkSpec> links = new ArrayList<>();
        for (LinkSpec l : q.links()) {
            links.add(switch (l) {
                case LinkSpec.Ethernet e -> new LinkSpec.Ethernet(e.name(), renameEnd(e.a(), from, to), renameEnd(e.b(), from, to));
                case LinkSpec.Memif m -> new LinkSpec.Memif(m.name(), from.equals(m.host()) ? to : m.host(),
                        from.equals(m.master()) ? to : m.master(), from.equals(m.slave()) ? to : m.slave(), m.socket());
            });
        }
        q = withLinks(q, links);
        List<XdpSpec> xdp = new ArrayList<>();
        for (XdpSpec x : q.xdp()) {
            xdp.add(from.equals(x.host()) ? new XdpSpec(to, x.interfaceName(), x.object(), x.program(), x.mode(), x.allowGeneric(), x.action()) : x);
        }
        q = withXdp(q, xdp);
        var t = q.traffic();
        if (t != null && (from.equals(t.source()) || from.equals(t.sink()))) {
            q = withTraffic(q, traffic(t).source(from.equals(t.source()) ? to : t.source())
                    .sink(from.equals(t.sink()) ? to : t.sink()).build());
        }
        return q;
    }

    private static LinkSpec.Endpoint renameEnd(LinkSpec.Endpoint e, String from, String to) {
        return e != null && from.equals(e.host()) ? new LinkSpec.Endpoint(to, e.interfaceName(), e.address()) : e;
    }

    /** Mutable only while building; produces an immutable {@link HostSpec}. */
    public static final class HostBuilder {
        private String name, address, user, key, java;
        private HostSpec.Transport transport;
        private int sshPort;
        private Set<String> roles;
        private List<ServiceSpec> services;
        private HostSpec.Position position;

        HostBuilder(HostSpec h) {
            name = h.name(); address = h.address(); transport = h.transport(); sshPort = h.sshPort(); user = h.user();
            key = h.key(); roles = h.roles(); java = h.java(); services = h.services(); position = h.position();
        }

        public HostBuilder name(String v) { name = v; return this; }
        public HostBuilder address(String v) { address = v; return this; }
        public HostBuilder transport(HostSpec.Transport v) { transport = v; return this; }
        public HostBuilder sshPort(int v) { sshPort = v; return this; }
        public HostBuilder user(String v) { user = v; return this; }
        public HostBuilder key(String v) { key = v; return this; }
        public HostBuilder java(String v) { java = v; return this; }
        public HostBuilder roles(Set<String> v) { roles = new LinkedHashSet<>(v); return this; }
        public HostBuilder services(List<ServiceSpec> v) { services = List.copyOf(v); return this; }
        public HostBuilder position(HostSpec.Position v) { position = v; return this; }

        public HostSpec build() {
            return new HostSpec(name, address, transport, sshPort, user, key,
                    roles == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(roles)),
                    java, services == null ? List.of() : services, position);
        }
    }

    public static final class ServiceBuilder {
        private String name, workingDirectory, stopSignal;
        private List<String> command, after;
        private java.util.Map<String, String> environment;
        private List<Integer> cores;
        private dev.labdeck.protocol.ReadinessProbe readiness;
        private java.time.Duration startTimeout, stopGrace;
        private boolean crashFailsRun;
        private final dev.labdeck.controller.profile.ServiceRole role;
        private final ServiceSpec base;

        ServiceBuilder(ServiceSpec s) {
            base = s;
            role = s.role();
            name = s.name(); command = s.command(); workingDirectory = s.workingDirectory(); environment = s.environment();
            cores = s.cores(); after = s.after(); readiness = s.readiness(); startTimeout = s.startTimeout();
            stopSignal = s.stopSignal(); stopGrace = s.stopGrace(); crashFailsRun = s.crashFailsRun();
        }

        public ServiceBuilder name(String v) { name = v; return this; }
        public ServiceBuilder command(List<String> v) { command = List.copyOf(v); return this; }
        public ServiceBuilder workingDirectory(String v) { workingDirectory = v; return this; }
        public ServiceBuilder environment(java.util.Map<String, String> v) { environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(v)); return this; }
        public ServiceBuilder cores(List<Integer> v) { cores = List.copyOf(v); return this; }
        public ServiceBuilder after(List<String> v) { after = List.copyOf(v); return this; }
        public ServiceBuilder readiness(dev.labdeck.protocol.ReadinessProbe v) { readiness = v; return this; }
        public ServiceBuilder startTimeout(java.time.Duration v) { startTimeout = v; return this; }
        public ServiceBuilder stopSignal(String v) { stopSignal = v; return this; }
        public ServiceBuilder stopGrace(java.time.Duration v) { stopGrace = v; return this; }
        public ServiceBuilder crashFailsRun(boolean v) { crashFailsRun = v; return this; }

        /** The service with the edits, and every key this builder has no setter for (figures, ...) as it was. */
        public ServiceSpec build() {
            ServiceSpec edited = new ServiceSpec(name, command, workingDirectory, environment, cores, after, readiness, startTimeout,
                    stopSignal == null ? null : dev.labdeck.controller.profile.ProfileWord.of(
                            dev.labdeck.controller.profile.StopSignal.class, stopSignal),
                    stopGrace, crashFailsRun, role);
            return ProfileDefinition.with(edited, "figures", base.figures());
        }
    }
}
