package dev.labdeck.controller.profile;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A whole test: the lab (hosts, links), what runs on it (XDP, services), the traffic, what is
 * measured and what must hold. Immutable; {@code source} is the file it came from, if any.
 * {@code traffic} is null for a profile that sends no UDP traffic (e.g. services only), and
 * {@code baseline} is null when nothing is compared. Read with {@link ProfileLoader}, checked with
 * {@link ProfileValidator}, saved with {@link ProfileWriter}.
 */
public record Profile(
        String name,
        String description,
        Path source,
        ProfileForm form,
        AgentSettings agent,
        List<HostSpec> hosts,
        List<LinkSpec> links,
        List<XdpSpec> xdp,
        TrafficSpec traffic,
        MonitoringSpec monitoring,
        ResultsSpec results,
        List<Threshold> thresholds,
        BaselineSpec baseline) {

    public Optional<HostSpec> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }
}
