package dev.labdeck.controller.lab;

/**
 * Where every address of a lab comes from: its range is split into a management /24 (the
 * bridge, the controller at .1 and the hosts from .2) and a data /24 for the veth link between
 * {@code src} (.1) and {@code dst} (.2). Both come from the one range the user chooses, so two
 * labs on different ranges never collide.
 */
public record LabAddressPlan(Ipv4Cidr range, Ipv4Cidr management, Ipv4Cidr data) {

    /** The smallest range that holds both /24s. */
    public static final int LONGEST_PREFIX = 23;

    public static LabAddressPlan of(String rangeText) {
        Ipv4Cidr range = Ipv4Cidr.parse(rangeText);
        if (range.prefix() > LONGEST_PREFIX) {
            throw new IllegalArgumentException("range " + rangeText + " is too small: the lab needs a /"
                    + LONGEST_PREFIX + " or larger (a management /24 and a data /24), e.g. 10.231.0.0/16");
        }
        if (range.prefix() < 8) {
            throw new IllegalArgumentException("range " + rangeText + " is too large: choose a private /8 to /"
                    + LONGEST_PREFIX + ", e.g. 10.231.0.0/16");
        }
        return new LabAddressPlan(range, range.subnet(24, 0), range.subnet(24, 1));
    }

    /** The bridge's address in the root namespace: how the controller reaches the hosts. */
    public String controllerAddress() {
        return Ipv4Cidr.format(management.address(1));
    }

    /** The management address of the {@code index}-th host (src 0, dst 1, memif 2). */
    public String hostAddress(int index) {
        return Ipv4Cidr.format(management.address(2 + index));
    }

    public String srcDataAddress() {
        return Ipv4Cidr.format(data.address(1));
    }

    public String dstDataAddress() {
        return Ipv4Cidr.format(data.address(2));
    }

    /**
     * The upper half of the data /24 for the path through the memif host's load balancers: more
     * specific than the data link's /24, so src and dst reach each other's {@code lb0} address
     * through the load balancers and each other's {@code data0} address directly.
     */
    public Ipv4Cidr loadBalancerSubnet() {
        return data.subnet(25, 1);
    }

    /** src's address on its veth to lb_c (.129 of the data /24). */
    public String srcLoadBalancerAddress() {
        return Ipv4Cidr.format(loadBalancerSubnet().address(1));
    }

    /** dst's address on its veth to lb_s (.130 of the data /24). */
    public String dstLoadBalancerAddress() {
        return Ipv4Cidr.format(loadBalancerSubnet().address(2));
    }
}
