package dev.labdeck.gui.profile;

import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.LinkSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileDefinition;
import dev.labdeck.controller.profile.ServiceSpec;
import dev.labdeck.controller.profile.XdpSpec;
import dev.labdeck.controller.profile.ProfileWord;
import dev.labdeck.controller.profile.StopSignal;
import dev.labdeck.protocol.ReadinessProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
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
        return ProfileDefinition.with(p, "hosts", List.copyOf(hosts));
    }

    public static Profile withLinks(Profile p, List<LinkSpec> links) {
        return ProfileDefinition.with(p, "links", List.copyOf(links));
    }

    public static Profile withXdp(Profile p, List<XdpSpec> xdp) {
        return ProfileDefinition.with(p, "xdp", List.copyOf(xdp));
    }

    public static Profile withName(Profile p, String name) {
        return ProfileDefinition.with(p, "name", name);
    }

    public static Profile withDescription(Profile p, String description) {
        return ProfileDefinition.with(p, "description", description);
    }

    public static Profile withMonitoring(Profile p, dev.labdeck.controller.profile.MonitoringSpec m) {
        return ProfileDefinition.with(p, "monitoring", m);
    }

    public static Profile withThresholds(Profile p, List<dev.labdeck.controller.profile.Threshold> t) {
        return ProfileDefinition.with(p, "thresholds", List.copyOf(t));
    }

    public static Profile withBaseline(Profile p, dev.labdeck.controller.profile.BaselineSpec b) {
        return ProfileDefinition.with(p, "baseline", b);
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
        return ProfileDefinition.with(p, "traffic", t);
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

    /**
     * Mutable only while building; produces an immutable {@link HostSpec}. Holds the host and replaces
     * one key at a time through the profile definition, so every key it has no setter for is kept.
     */
    public static final class HostBuilder {
        private HostSpec spec;

        HostBuilder(HostSpec h) {
            spec = h;
        }

        private HostBuilder set(String key, Object value) {
            spec = ProfileDefinition.with(spec, key, value);
            return this;
        }

        public HostBuilder name(String v) { return set("name", v); }
        public HostBuilder address(String v) { return set("address", v); }
        public HostBuilder transport(HostSpec.Transport v) { return set("transport", v); }
        public HostBuilder sshPort(int v) { return set("port", v); }
        public HostBuilder user(String v) { return set("user", v); }
        public HostBuilder key(String v) { return set("key", v); }
        public HostBuilder java(String v) { return set("java", v); }
        public HostBuilder roles(Set<String> v) { return set("roles", Collections.unmodifiableSet(new LinkedHashSet<>(v))); }
        public HostBuilder services(List<ServiceSpec> v) { return set("services", List.copyOf(v)); }
        public HostBuilder position(HostSpec.Position v) { return set("position", v); }

        public HostSpec build() {
            return spec;
        }
    }

    /**
     * Mutable only while building; produces an immutable {@link ServiceSpec}. Holds the service and
     * replaces one key at a time through the profile definition, so its role, figures and every key
     * added later are kept.
     */
    public static final class ServiceBuilder {
        private ServiceSpec spec;

        ServiceBuilder(ServiceSpec s) {
            spec = s;
        }

        private ServiceBuilder set(String key, Object value) {
            spec = ProfileDefinition.with(spec, key, value);
            return this;
        }

        public ServiceBuilder name(String v) { return set("name", v); }
        public ServiceBuilder command(List<String> v) { return set("command", List.copyOf(v)); }
        public ServiceBuilder workingDirectory(String v) { return set("workdir", v); }
        public ServiceBuilder environment(Map<String, String> v) {
            return set("env", Collections.unmodifiableMap(new LinkedHashMap<>(v)));
        }
        public ServiceBuilder cores(List<Integer> v) { return set("cores", List.copyOf(v)); }
        public ServiceBuilder after(List<String> v) { return set("after", List.copyOf(v)); }
        public ServiceBuilder readiness(ReadinessProbe v) { return set("readiness", v); }
        public ServiceBuilder startTimeout(Duration v) { return set("start_timeout", v); }
        public ServiceBuilder stopSignal(String v) {
            return set("stop_signal", v == null ? null : ProfileWord.of(StopSignal.class, v));
        }
        public ServiceBuilder stopGrace(Duration v) { return set("stop_grace", v); }
        public ServiceBuilder crashFailsRun(boolean v) { return set("crash_fails_run", v); }

        public ServiceSpec build() {
            return spec;
        }
    }

}
