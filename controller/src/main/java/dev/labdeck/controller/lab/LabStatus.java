package dev.labdeck.controller.lab;

import java.util.List;

/**
 * What is there of a lab right now, observed on the machine (not only what state.json says).
 *
 * @param state    what {@code lab up} recorded, or null when there is no state.json
 * @param problems what is missing or broken, in words; empty when the lab is up and healthy
 */
public record LabStatus(String name, LabState state, List<HostStatus> hosts, List<LinkStatus> links,
                        List<String> leftovers, List<String> problems) {

    /** True when the lab was built and everything it needs is there and running. */
    public boolean up() {
        return state != null && problems.isEmpty();
    }

    /** True when nothing of the lab exists: no state, no namespace, no interface. */
    public boolean absent() {
        return state == null && leftovers.isEmpty();
    }

    /** One host as observed: its namespace, management address and sshd. */
    public record HostStatus(String name, String namespace, String address, boolean namespacePresent,
                             boolean addressUp, long sshdPid, boolean sshdRunning, boolean sshPortOpen) {}

    /** One link as observed. */
    public record LinkStatus(String name, String description, boolean present, boolean up) {}
}
