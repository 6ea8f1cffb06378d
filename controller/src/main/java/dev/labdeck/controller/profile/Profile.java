package dev.labdeck.controller.profile;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A whole test: the lab (hosts, links), what runs on it (XDP, services), the traffic, what is
 * measured and what must hold. Immutable; {@code source} is the file it came from, if any.
 * {@code traffic} is null for a profile that sends no UDP traffic (e.g. services only), and
 * {@code baseline} is null when nothing is compared. Read with {@link ProfileLoader}, checked with
 * {@link ProfileValidator}, saved with {@link ProfileWriter}. Each component defines its top-level
 * key with {@link Key}.
 */
public record Profile(
        @Key(what = "the profile name", derived = "the file name", doc = "the profile's name") String name,
        @Key(what = "the description", doc = "what the test is for, for people") String description,
        @Key(internal = true, doc = "the file the profile was read from") Path source,
        @Key(internal = true, doc = "which of the two forms it was read from") ProfileForm form,
        @Key(doc = "how agents are run") AgentSettings agent,
        @Key(custom = true, required = true, doc = "the lab's hosts: host name → host") List<HostSpec> hosts,
        @Key(custom = true, doc = "links between hosts (ethernet) and between services (memif)")
        List<LinkSpec> links,
        @Key(orElse = "[]", doc = "XDP programs to attach during PREPARE") List<XdpSpec> xdp,
        @Key(doc = "the UDP traffic; none when left out") TrafficSpec traffic,
        @Key(doc = "what the agents sample") MonitoringSpec monitoring,
        @Key(doc = "what a run writes") ResultsSpec results,
        @Key(custom = true, doc = "conditions on summary figures that must hold for the run to pass")
        List<Threshold> thresholds,
        @Key(doc = "what to compare the run against; nothing when left out") BaselineSpec baseline,
        @Key(doc = "how long MEASURE lasts without UDP traffic (services-only tests); none when left out")
        MeasureSpec measure,
        @Key(doc = "HTTP load the agent of one host drives in MEASURE; none when left out") HttpLoadSpec http,
        @Key(doc = "measure every combination of rates and sizes, the lab deployed once; nothing when left out") SweepSpec sweep,
        @Key(doc = "RFC 2544 throughput: binary search for the highest rate within a loss limit; nothing when left out")
        SearchSpec search) {

    /** Without measure and http sections (as before they existed). */
    public Profile(String name, String description, Path source, ProfileForm form, AgentSettings agent,
                   List<HostSpec> hosts, List<LinkSpec> links, List<XdpSpec> xdp, TrafficSpec traffic,
                   MonitoringSpec monitoring, ResultsSpec results, List<Threshold> thresholds, BaselineSpec baseline) {
        this(name, description, source, form, agent, hosts, links, xdp, traffic, monitoring, results, thresholds, baseline,
                null, null);
    }

    /** A profile that measures once (no sweep, no search). */
    public Profile(String name, String description, Path source, ProfileForm form, AgentSettings agent,
                   List<HostSpec> hosts, List<LinkSpec> links, List<XdpSpec> xdp, TrafficSpec traffic,
                   MonitoringSpec monitoring, ResultsSpec results, List<Threshold> thresholds, BaselineSpec baseline,
                   MeasureSpec measure, HttpLoadSpec http) {
        this(name, description, source, form, agent, hosts, links, xdp, traffic, monitoring, results, thresholds, baseline,
                measure, http, null, null);
    }

    /** How long MEASURE lasts without traffic: the measure section's, else the HTTP load's; null for no measurement. */
    public java.time.Duration measureDuration() {
        if (measure != null) {
            return measure.duration();
        }
        return http != null ? http.duration() : null;
    }

    public Optional<HostSpec> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }
}
