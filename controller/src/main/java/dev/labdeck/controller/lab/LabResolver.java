package dev.labdeck.controller.lab;

import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.HttpLoadSpec;
import dev.labdeck.controller.profile.LinkSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.TrafficSpec;
import dev.labdeck.controller.transport.ControllerJava;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a profile's references to a lab-in-a-box into the lab's real addresses and key, so a
 * profile never hard-codes a range the user may change with {@code lab up --subnet}:
 *
 * <ul>
 *   <li>{@code address: lab:src} (or {@code lab:<lab>/src}): the host's management address; a
 *       host addressed this way gets the lab's user and key unless it names its own, and runs the
 *       agent jar with the controller's own Java (the lab's hosts share this machine's files)
 *       unless it names a {@code java};</li>
 *   <li>{@code key: lab:src} (or {@code "lab:"}, {@code lab:<lab>/src}): the lab's generated
 *       private key;</li>
 *   <li>{@code destination: lab:dst.data} and link endpoint addresses: a host's address on the
 *       data link ({@code lab:dst} alone is its management address);</li>
 *   <li>{@code lab:dst.lb} (or {@code lab:src.lb}): the host's address on its veth to the memif
 *       host's load balancers: packets to {@code lab:dst.lb} from src cross lb_c, the memif link
 *       and lb_s ({@link LabLoadBalancerLink}).</li>
 * </ul>
 *
 * Without a lab name the lab is {@link #defaultLab()}: {@code -Dlabdeck.lab}, else
 * {@code $LABDECK_LAB}, else {@code labdeck}. A profile without {@code lab:} references is
 * returned as it is, so resolving twice is harmless.
 */
public final class LabResolver {
    public static final String PREFIX = "lab:";

    private final LabInABox labs;
    private final String defaultLab;
    private final Map<String, LabState> states = new HashMap<>();

    public LabResolver(LabInABox labs, String defaultLab) {
        this.labs = labs;
        this.defaultLab = defaultLab;
    }

    /** Resolves against the user's labs, {@link #defaultLab()} for unnamed references. */
    public static Profile resolve(Profile p) throws LabException {
        return new LabResolver(new LabInABox(), defaultLab()).apply(p);
    }

    public static String defaultLab() {
        String prop = System.getProperty("labdeck.lab");
        if (prop != null && !prop.isBlank()) {
            return prop;
        }
        String env = System.getenv("LABDECK_LAB");
        return env != null && !env.isBlank() ? env : LabInABox.DEFAULT_NAME;
    }

    /** True when any host, link or the traffic of {@code p} names a lab. */
    public static boolean refersToLab(Profile p) {
        boolean hosts = p.hosts().stream().anyMatch(h -> isRef(h.address()) || isRef(h.key()) || isRef(h.user()));
        boolean links = p.links().stream().anyMatch(l -> l instanceof LinkSpec.Ethernet e
                && (isRef(e.a().address()) || isRef(e.b().address())));
        boolean traffic = p.traffic() != null && isRef(p.traffic().destination());
        traffic |= p.http() != null && urlHostRef(p.http().url()) != null;
        return hosts || links || traffic;
    }

    /** The names of the labs whose hosts {@code p} addresses. */
    public List<String> labsOf(Profile p) throws LabException {
        List<String> out = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        p.hosts().forEach(h -> refs.add(h.address()));
        if (p.traffic() != null) {
            refs.add(p.traffic().destination());
        }
        for (String r : refs) {
            if (isRef(r)) {
                String lab = parse(r).lab();
                if (!out.contains(lab)) {
                    out.add(lab);
                }
            }
        }
        return out;
    }

    public Profile apply(Profile p) throws LabException {
        if (!refersToLab(p)) {
            return p;
        }
        List<HostSpec> hosts = new ArrayList<>();
        for (HostSpec h : p.hosts()) {
            hosts.add(resolveHost(h));
        }
        List<LinkSpec> links = new ArrayList<>();
        for (LinkSpec l : p.links()) {
            if (l instanceof LinkSpec.Ethernet e) {
                links.add(new LinkSpec.Ethernet(e.name(), resolveEndpoint(e.a()), resolveEndpoint(e.b())));
            } else {
                links.add(l);
            }
        }
        TrafficSpec t = p.traffic();
        if (t != null && isRef(t.destination())) {
            t = t.with("destination", address(t.destination(), "traffic destination"));
        }
        HttpLoadSpec http = p.http();
        String ref = http == null ? null : urlHostRef(http.url());
        if (ref != null) {
            http = http.with("url", http.url().replaceFirst(java.util.regex.Pattern.quote(ref),
                    java.util.regex.Matcher.quoteReplacement(address(ref, "http url"))));
        }
        return new Profile(p.name(), p.description(), p.source(), p.form(), p.agent(), List.copyOf(hosts),
                List.copyOf(links), p.xdp(), t, p.monitoring(), p.results(), p.thresholds(), p.baseline(), p.measure(), http, p.sweep(), p.search());
    }

    private HostSpec resolveHost(HostSpec h) throws LabException {
        String address = h.address();
        String key = h.key();
        String user = h.user();
        String java = h.java();
        LabState lab = null;
        if (isRef(address)) {
            Ref r = parse(address);
            lab = state(r.lab(), "host " + h.name());
            address = address(h.address(), "host " + h.name());
            if (key == null) {
                key = lab.userKey();
            }
            if (user == null || user.isBlank()) {
                user = lab.user();
            }
            if (java == null || java.isBlank()) {
                // a lab host is this machine: it can run the agent jar with the controller's own
                // Java 25, so no bundled runtime has to be built and uploaded for it
                java = ControllerJava.path();
            }
        }
        if (isRef(key)) {
            key = state(keyLab(key, lab), "host " + h.name() + " key").userKey();
        }
        if (isRef(user)) {
            user = state(keyLab(user, lab), "host " + h.name() + " user").user();
        }
        return new HostSpec(h.name(), address, h.transport(), h.sshPort(), user, key, h.roles(), java, h.services(),
                h.position());
    }

    private LinkSpec.Endpoint resolveEndpoint(LinkSpec.Endpoint e) throws LabException {
        if (!isRef(e.address())) {
            return e;
        }
        return new LinkSpec.Endpoint(e.host(), e.interfaceName(), address(e.address(), "link endpoint " + e.host()));
    }

    /** {@code lab:[<lab>/]<host>[.data|.lb]} to an address. */
    String address(String reference, String where) throws LabException {
        Ref r = parse(reference);
        LabState s = state(r.lab(), where);
        if (r.loadBalancer()) {
            if (s.loadBalancerLinks() == null) {
                throw new LabException(where + ": '" + reference + "': lab " + s.name() + " was built without the veths to"
                        + " its load balancers; run 'labdeck lab down" + (s.name().equals(LabInABox.DEFAULT_NAME) ? ""
                        : " --name " + s.name()) + "' and 'lab up' again");
            }
            for (LabLoadBalancerLink lb : s.loadBalancerLinks()) {
                if (lb.host().host().equals(r.host())) {
                    return lb.host().address();
                }
            }
            throw new LabException(where + ": '" + reference + "': host " + r.host() + " of lab " + s.name()
                    + " has no veth to a load balancer (src and dst have one)");
        }
        if (r.data()) {
            for (LabDataLink.End end : List.of(s.dataLink().src(), s.dataLink().dst())) {
                if (end.host().equals(r.host())) {
                    return end.address();
                }
            }
            throw new LabException(where + ": '" + reference + "': host " + r.host() + " of lab " + s.name()
                    + " has no data link address (src and dst have one)");
        }
        return s.host(r.host()).map(LabHost::managementAddress).orElseThrow(() -> new LabException(where + ": '"
                + reference + "': lab " + s.name() + " has no host '" + r.host() + "' (it has "
                + String.join(", ", LabInABox.HOSTS) + ")"));
    }

    private LabState state(String lab, String where) throws LabException {
        LabState cached = states.get(lab);
        if (cached != null) {
            return cached;
        }
        LabName.check(lab);
        LabState s = labs.readState(lab).orElseThrow(() -> new LabException(where + " refers to lab-in-a-box '" + lab
                + "', which is not up: run 'labdeck lab up" + (lab.equals(LabInABox.DEFAULT_NAME) ? "" : " --name " + lab)
                + "' first (or 'labdeck demo')"));
        states.put(lab, s);
        return s;
    }

    /**
     * The lab whose key (or user) a {@code key:} reference means: {@code "lab:"} and
     * {@code lab:src} the host's own lab (or the default), {@code lab:<lab>/} and
     * {@code lab:<lab>/src} that lab. The key is the lab's, whichever host is named.
     */
    private String keyLab(String reference, LabState hostLab) {
        String body = reference.substring(PREFIX.length()).strip();
        int slash = body.indexOf('/');
        if (slash > 0) {
            return body.substring(0, slash);
        }
        return hostLab != null ? hostLab.name() : defaultLab;
    }

    /** The {@code lab:...} reference that is the host of an http url ({@code http://lab:dst.lb:8080/}), or null. */
    static String urlHostRef(String url) {
        if (url == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^http://(lab:[A-Za-z0-9/]*[A-Za-z0-9](?:\\.(?:data|lb))?)")
                .matcher(url);
        return m.find() ? m.group(1) : null;
    }

    static boolean isRef(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** A parsed reference: which lab, which host, and whether its data-link or load-balancer address is meant. */
    record Ref(String lab, String host, boolean data, boolean loadBalancer) {}

    Ref parse(String reference) throws LabException {
        String body = reference.substring(PREFIX.length()).strip();
        String lab = defaultLab;
        int slash = body.indexOf('/');
        if (slash >= 0) {
            lab = body.substring(0, slash);
            body = body.substring(slash + 1);
        }
        boolean data = false;
        boolean loadBalancer = false;
        if (body.endsWith(".data")) {
            data = true;
            body = body.substring(0, body.length() - ".data".length());
        } else if (body.endsWith(".lb")) {
            loadBalancer = true;
            body = body.substring(0, body.length() - ".lb".length());
        }
        if (body.isEmpty()) {
            throw new LabException("'" + reference + "' names no host: write lab:src, lab:dst.data, lab:dst.lb or lab:<lab>/src");
        }
        return new Ref(lab, body, data, loadBalancer);
    }
}
