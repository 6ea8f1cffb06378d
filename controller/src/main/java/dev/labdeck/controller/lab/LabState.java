package dev.labdeck.controller.lab;

import java.util.List;
import java.util.Optional;

/**
 * What {@code labdeck lab up} built, as kept in {@code ~/.labdeck/labs/<name>/state.json}: enough
 * for profiles to reach the hosts ({@link LabResolver}) and for {@code lab down} to remove it.
 *
 * @param user    the login user on every host (who ran {@code lab up})
 * @param userKey the private key the lab's sshds accept
 * @param created when it was built (ISO-8601)
 * @param loadBalancerLinks the veths from src and dst to the memif host's load balancers (null in
 *        a lab built before they existed)
 * @param hugepages   hugepages reserved for the lab ({@code lab up --hugepages}); null or 0: none
 * @param hugepageDir the lab's hugetlbfs mount, or null
 */
public record LabState(
        String name,
        String range,
        String bridge,
        String managementSubnet,
        String controllerAddress,
        List<LabHost> hosts,
        LabDataLink dataLink,
        String user,
        String userKey,
        String created,
        List<LabLoadBalancerLink> loadBalancerLinks,
        Integer hugepages,
        String hugepageDir) {

    /** Without hugepages, as before they existed. */
    public LabState(String name, String range, String bridge, String managementSubnet, String controllerAddress,
                    List<LabHost> hosts, LabDataLink dataLink, String user, String userKey, String created,
                    List<LabLoadBalancerLink> loadBalancerLinks) {
        this(name, range, bridge, managementSubnet, controllerAddress, hosts, dataLink, user, userKey, created,
                loadBalancerLinks, 0, null);
    }

    public Optional<LabHost> host(String hostName) {
        return hosts.stream().filter(h -> h.name().equals(hostName)).findFirst();
    }
}
